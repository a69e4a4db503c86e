# raadsmonitor as an OCI image (issue 21): the monitor on PostgreSQL, run as a non-root user on a read-only root file
# system; only /data (a volume) is written. See README.md, "In een container met PostgreSQL".
# The base: Python 3.11 on Debian bookworm. Where Docker Hub cannot be reached, deploy/basisimage.sh builds a stand-in
# from Debian's own packages: docker build --build-arg BASE_IMAGE=raadsmonitor-basis:bookworm .
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
# A virtual environment: the same paths on every base, and nothing mixed with the base's own Python packages.
RUN python3 -m venv /opt/raadsmonitor \
    && /opt/raadsmonitor/bin/pip install --no-cache-dir .

FROM ${BASE_IMAGE}
# Pango for PDF reports (WeasyPrint) and a font; the Debian release's own versions, updated with the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home raadsmonitor \
    && mkdir -p /data \
    && chown raadsmonitor:raadsmonitor /data
COPY --from=build /opt/raadsmonitor /opt/raadsmonitor
ENV PATH=/opt/raadsmonitor/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
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
