# raadsmonitor as an OCI image (issue 21): the monitor on PostgreSQL, run as a non-root user on a read-only root file
# system; only /data (a volume) is written. See README.md, "In een container met PostgreSQL".
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim-bookworm
# Pango for PDF reports (WeasyPrint) and a font; the Debian release's own versions, updated with the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home raadsmonitor \
    && mkdir -p /data \
    && chown raadsmonitor:raadsmonitor /data
COPY --from=build /install /usr/local
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/data \
    RAADSMONITOR_UPLOADMAP=/data/uploads
WORKDIR /data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000
# The health check asks /gezondheid, which reads the store: 503 when the database is unreachable or has no schema.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/gezondheid', timeout=4).status == 200 else 1)"]
# serve migrates the store once, in this process, before it starts the workers (which never migrate).
CMD ["raadsmonitor", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
