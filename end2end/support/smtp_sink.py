"""A real SMTP server for tests: accepts every message and writes it, as received, to a folder
(one .eml file each, written atomically). Built on aiosmtpd.

    python3 smtp_sink.py --port 2525 --dir /tmp/mail

Prints "ready" once it accepts connections; stops when its standard input closes or on
SIGTERM, so a test harness that dies takes the sink with it.
"""

import argparse
import itertools
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        name = f"{time.time_ns()}-{os.getpid()}-{number:06d}.eml"
        temporary = os.path.join(self.folder, "." + name)
        with open(temporary, "wb") as handle:
            handle.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            handle.write(envelope.original_content or envelope.content)
        os.rename(temporary, os.path.join(self.folder, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    controller = Controller(Sink(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print("ready", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
