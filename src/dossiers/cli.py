"""The `dossiers` command: `serve` runs the production server; everything else is Django's
manage.py (migrate, demo, createsuperuser, shell, check, …), with `check --deploy` failing
on warnings."""

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

    execute_from_command_line(["dossiers", *check_deploy_strict(argv[1:])])


def check_deploy_strict(args: list[str]) -> list[str]:
    """`dossiers check --deploy` fails on warnings too (Django's default fails on errors only,
    and every deploy check is a warning): a deployment is ready when the list is empty.
    An explicit `--fail-level` still wins."""
    if (
        args[:1] == ["check"]
        and "--deploy" in args
        and not any(arg == "--fail-level" or arg.startswith("--fail-level=") for arg in args)
    ):
        return [*args, "--fail-level", "WARNING"]
    return args


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
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the background task worker (run `dossiers db_worker` elsewhere)",
    )
    options = parser.parse_args(args)
    if options.workers < 1 or not 0 < options.port < 65536:
        parser.error("--workers must be at least 1 and --port between 1 and 65535")

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    # The system checks runserver would run (a search backend for another database…):
    # a misconfigured site stops here with the reason instead of failing on requests.
    try:
        call_command("check")
    except SystemCheckError as error:
        sys.exit(str(error))
    # Cheap when nothing changed; keeps hashed static names in step with the code.
    call_command("collectstatic", interactive=False, verbosity=0)
    if not options.no_worker:
        start_task_worker()

    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
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
                # Long addresses and headers reach the site, which answers them with its
                # own message (web.middleware); 0 is gunicorn's own cap of 1 MB a line.
                "limit_request_line": 0,
                "limit_request_field_size": 32768,
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


def start_task_worker() -> None:
    """Run the background task worker beside the web server, when tasks are queued in the database.

    It is stopped with the server (and, on Linux, if the server dies).
    """
    import atexit
    import signal
    import subprocess

    from django.conf import settings

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return

    def die_with_parent() -> None:  # pragma: no cover - runs in the child
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass

    worker = subprocess.Popen(
        [sys.executable, "-m", "dossiers.cli", "db_worker", "--verbosity", "0"],
        preexec_fn=die_with_parent if sys.platform == "linux" else None,
    )
    atexit.register(worker.terminate)


if __name__ == "__main__":
    main()
