#!/usr/bin/env python3
"""The page loads of bench/run at 32 connections only, for comparing code versions in the same minutes (issue 15).

    bench/pages_side_by_side.py pg URL [PAGE,PAGE,...]      two `raadsmonitor serve` processes sharing URL
    bench/pages_side_by_side.py sqlite FILE [PAGE,PAGE,...] one `raadsmonitor serve --workers 2`

Uses bench/run's own Server, probe, wrk and load_pair (so the figures are bench/run's). With WARM=1 every
process gets one request per page before the load (steady state); without it only the first process does, as
in bench/run. The code under test is whatever `raadsmonitor` imports: PYTHONPATH=OTHER/src for another checkout.
"""

import argparse
import importlib.machinery
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

loader = importlib.machinery.SourceFileLoader("benchrun", str(Path(__file__).with_name("run")))
spec = importlib.util.spec_from_loader("benchrun", loader)
assert spec is not None
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)

mode, target = sys.argv[1], sys.argv[2]
pages = sys.argv[3].split(",") if len(sys.argv) > 3 else m.main_pages()
m.CONNECTIONS = (32,)
work = Path(os.environ.get("WORKDIR", Path(tempfile.gettempdir()) / "bench-side-by-side"))
work.mkdir(exist_ok=True)
script = work / "report.lua"
script.write_text(m.WRK_SCRIPT)
args = argparse.Namespace(seconds=3.0, load_repeat=1, probe_timeout=60, quick=False, heavy_seconds=2.0)
servers = ([m.Server(target, work / f"server-pg-{i}.log") for i in (1, 2)] if mode == "pg"
           else [m.Server(Path(target), work / "server.log", workers=2)])
try:
    for server in servers:
        server.start()
    for page in pages:
        m.probe(servers[0].base + page, 60)
        if os.environ.get("WARM"):
            for server in servers:
                m.probe(server.base + page, 60)
        if len(servers) == 2:
            f = m.load_pair(servers, page, args, script)
            p95, rps = f[f"pg2_page_{m.slug(page)}_p95_ms_32conn"], f[f"pg2_page_{m.slug(page)}_rps_32conn"]
        else:
            r = m.wrk(servers[0].base + page, 32, 3.0, script)
            p95, rps = r["p95_ms"], r["rps"]
        print(f"{page:40s} p95 {p95:7.1f} ms  {rps:7.0f} req/s", flush=True)
finally:
    for server in servers:
        server.stop()
