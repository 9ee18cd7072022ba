"""deploy/nginx.conf, run for real on loopback: ``python -m tools.serve_nginx site``.

The tests serve the built site with it as well as with tools/serve.py, so the
configuration a maintainer deploys is the one that is tested: the file is
used as it is, with only its site path, its port and the folder of the
build's nginx files replaced (each checked to be there, so an edit to it
cannot quietly stop the replacing). As in production, those files are copied
from beside the site (``<site>-nginx/``, hooks/deploy_headers.py) into a
folder of nginx's own, and nothing is included from the web root.

Unprivileged-friendly: nginx's prefix, pid file, logs and temp folders all go
into a folder of the caller's; ``daemon off`` keeps the master our child
process, so stopping it is stopping that one process.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

from hooks.deploy_headers import nginx_folder

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx.conf"
SITE_PATH = "/srv/pa-migration/site"  # as deploy/nginx.conf names it
CONF_DIR = "/etc/nginx/pa-migration/"  # where the deploy installs the build's nginx files
LISTEN = "listen 8080;"
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")

MAIN = """\
# Written by tools/serve_nginx.py for one run; the server block is deploy/nginx.conf.
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {work}/access.log;
    sendfile on;
{temps}
    include {work}/site.conf;
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def server_block(site: Path, port: int, conf_dir: Path, host: str = "127.0.0.1") -> str:
    """deploy/nginx.conf for ``site`` on ``host:port``, its included files in ``conf_dir``."""
    text = CONFIG.read_text(encoding="utf-8")
    for old, minimum in ((SITE_PATH, 1), (CONF_DIR, 2), (LISTEN, 1)):
        if text.count(old) < minimum:
            raise ValueError(f"{CONFIG} no longer contains {old!r}: update tools/serve_nginx.py")
    return (text.replace(SITE_PATH, str(site.resolve())).replace(CONF_DIR, f"{conf_dir}/")
            .replace(LISTEN, f"listen {host}:{port};"))


def install_build_files(site: Path, conf_dir: Path) -> None:
    """What the deploy does: the build's nginx files, from beside the site, into nginx's folder."""
    built = nginx_folder(site)
    if not built.is_dir():
        raise ValueError(f"{built} is missing: build the site with `./dev build` (hooks/deploy_headers.py)")
    conf_dir.mkdir(parents=True, exist_ok=True)
    for name in ("http.conf", "server.conf"):
        shutil.copyfile(built / name, conf_dir / name)


def main_config(site: Path, work: Path) -> str:
    """The http/events wrapper Debian's /etc/nginx/nginx.conf would be.

    As root (CI), nginx would switch its workers to ``nobody``, who cannot
    read a site under pytest's private temp folder; they run as the site's
    owner instead. Otherwise nginx cannot switch users, so none is named.
    """
    user = ""
    if os.geteuid() == 0:
        stat = site.stat()
        user = f"user {pwd.getpwuid(stat.st_uid).pw_name} {grp.getgrgid(stat.st_gid).gr_name};\n"
    temps = "\n".join(f"    {kind}_temp_path {work}/{kind};" for kind in TEMP_KINDS)
    return MAIN.format(user=user, work=work, temps=temps)


class Nginx:
    """One nginx serving ``site`` at ``http://host:port/`` until ``stop()``."""

    def __init__(self, site: Path, port: int, work: Path, host: str = "127.0.0.1") -> None:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (./dev test installs Debian's)")
        work.mkdir(parents=True, exist_ok=True)
        conf_dir = work / "pa-migration"  # what /etc/nginx/pa-migration/ is in production
        install_build_files(site, conf_dir)
        (work / "site.conf").write_text(server_block(site, port, conf_dir, host), encoding="utf-8")
        (work / "nginx.conf").write_text(main_config(site, work), encoding="utf-8")
        self.work = work
        self.url = f"http://{host}:{port}/"
        with (work / "stderr.log").open("wb") as stderr:  # a file: a full pipe would block nginx
            self.process = subprocess.Popen(
                [binary, "-p", f"{work}/", "-c", str(work / "nginx.conf"), "-e", str(work / "error.log"),
                 "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        self._wait_until_listening(host, port)

    def _wait_until_listening(self, host: str, port: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited ({self.process.returncode}): {self.errors()}")
            try:
                socket.create_connection((host, port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on {host}:{port}: {self.errors()}")

    def errors(self) -> str:
        """What nginx said (start-up errors, then its error log)."""
        logs = (self.work / name for name in ("stderr.log", "error.log"))
        return "".join(log.read_text(errors="replace")[-3000:] for log in logs if log.is_file())

    def stop(self) -> None:
        """SIGTERM to the master (ours; it stops its workers), then wait."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


if __name__ == "__main__":
    import argparse
    import signal
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop nginx too (the finally below)
    with tempfile.TemporaryDirectory(prefix="pa-nginx-") as tmp:
        server = Nginx(args.root, args.port, Path(tmp))
        print(f"nginx serving {args.root} at {server.url}  (Ctrl+C stops)", flush=True)
        try:
            server.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
