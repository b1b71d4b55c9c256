"""The `dossiers` command: `serve` runs the production server; everything else is Django's
manage.py (migrate, demo, createsuperuser, shell, check, …)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

SERVE_HELP = (
    "Serve the site with gunicorn (a production WSGI server) and WhiteNoise for static files."
)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    if len(argv) > 1 and argv[1] == "serve":
        serve(argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dossiers", *argv[1:]])


def serve(args: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="dossiers serve", description=SERVE_HELP)
    parser.add_argument("--host", default=os.environ.get("DOSSIERS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DOSSIERS_PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("DOSSIERS_WORKERS", "2")),
        help="worker processes (default 2; about one per core)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    options = parser.parse_args(args)
    if options.workers < 1 or not 0 < options.port < 65536:
        parser.error("--workers must be at least 1 and --port between 1 and 65535")

    import django

    django.setup()
    from django.core.management import call_command

    # Cheap when nothing changed; keeps hashed static names in step with the code.
    call_command("collectstatic", interactive=False, verbosity=0)

    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            config: dict[str, Any] = {
                "bind": f"{options.host}:{options.port}",
                "workers": options.workers,
                "threads": options.threads,
                "worker_class": "gthread" if options.threads > 1 else "sync",
                "accesslog": "-" if options.access_log else None,
                "keepalive": 5,
                "timeout": 60,
                "graceful_timeout": 20,
                "max_requests": 20000,
                "max_requests_jitter": 2000,
                "proc_name": "dossiers",
            }
            for key, value in config.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from dossiers.wsgi import application

            return application

    print(
        f"Dossiers on http://{options.host}:{options.port}/ ({options.workers} workers)", flush=True
    )
    Server().run()


if __name__ == "__main__":
    main()
