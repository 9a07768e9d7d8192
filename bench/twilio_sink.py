"""`python -m bench.twilio_sink SID TOKEN [--bind HOST[:PORT]]`: the tests' local Twilio Messages API as its own
process.

It prints its URL on the first line, records when each message arrives, and
answers `GET /arrivals` with [[to, unix time], ...] so the bench can match
acknowledgements to the webhooks that caused them. `--bind` puts it on an
address other hosts reach (default 127.0.0.1 and a free port), as in a
several-machine bench.
"""

from __future__ import annotations

import argparse
import json

from tests.helpers.fakes import twilio_api


def bind_address(text: str) -> tuple[str, int]:
    """Read HOST or HOST:PORT (an IPv6 host in brackets); port 0 means a free one."""
    host, _, port = text.rpartition(":") if text.count(":") == 1 or text.startswith("[") else (text, "", "0")
    if not host:
        host, port = text, "0"
    if not port.isdigit() or not 0 <= int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST or HOST:PORT")
    return host.strip("[]"), int(port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("account_sid")
    parser.add_argument("auth_token")
    parser.add_argument("--bind", type=bind_address, default=("127.0.0.1", 0), help="HOST[:PORT] to listen on")
    args = parser.parse_args(argv)
    server, state = twilio_api.serve(args.account_sid, args.auth_token, *args.bind)
    base = server.httpd.RequestHandlerClass

    class Sink(base):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:
            with state.lock:
                arrivals = [[m["to"], t] for m, t in zip(state.messages, state.arrived_at, strict=True)]
            data = json.dumps(arrivals).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server.httpd.RequestHandlerClass = Sink
    print(server.url, flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()
