"""A private test subnet of network namespaces on one machine, for the several-host bench (needs root).

The bench itself sits on the bridge at 10.77.0.1; each "host" is a namespace
with one address on the subnet and no default route, so nothing it sends can
leave the subnet. Everything is removed again on `down()`.
"""

from __future__ import annotations

import os
import shutil
import subprocess

PREFIX = "cl-bench"
BRIDGE = "clbench0"
SUBNET = "10.77.0"
BENCH_ADDRESS = f"{SUBNET}.1"


def unavailable() -> str | None:
    """Return why namespaces cannot be built here (not root, no `ip`), or None when they can."""
    if os.geteuid() != 0:
        return "network namespaces need root (run the bench as root, or in CI as root)"
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed"
    probe = subprocess.run(["ip", "netns", "add", f"{PREFIX}-probe"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"this machine refuses new network namespaces: {probe.stderr.strip()}"
    _ip("netns", "del", f"{PREFIX}-probe")
    return None


def up(hosts: dict[str, int]) -> dict[str, str]:
    """Build the bridge and one namespace per host (name → last octet); return name → address."""
    down(hosts)
    _ip("link", "add", BRIDGE, "type", "bridge")
    _ip("addr", "add", f"{BENCH_ADDRESS}/24", "dev", BRIDGE)
    _ip("link", "set", BRIDGE, "up")
    addresses = {}
    for name, octet in hosts.items():
        space, outside = namespace(name), f"clb{octet}"
        _ip("netns", "add", space)
        _ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", space)
        _ip("link", "set", outside, "master", BRIDGE, "up")
        address = f"{SUBNET}.{octet}"
        for command in (["addr", "add", f"{address}/24", "dev", "eth0"], ["link", "set", "eth0", "up"]):
            _ip("netns", "exec", space, "ip", *command)
        _ip("netns", "exec", space, "ip", "link", "set", "lo", "up")
        addresses[name] = address
    return addresses


def down(hosts: dict[str, int]) -> None:
    """Remove the namespaces and the bridge (whatever of them exists)."""
    for name, octet in hosts.items():
        for pid in pids(name):  # what an interrupted run left inside would keep the namespace alive
            subprocess.run(["kill", "-9", str(pid)], capture_output=True)
        subprocess.run(["ip", "netns", "del", namespace(name)], capture_output=True)
        # A namespace deleted while something ran in it lingers with its veth: remove our end by name.
        subprocess.run(["ip", "link", "del", f"clb{octet}"], capture_output=True)
    subprocess.run(["ip", "link", "del", BRIDGE], capture_output=True)


def namespace(host: str) -> str:
    return f"{PREFIX}-{host}"


def run_in(host: str, command: list[str]) -> list[str]:
    """Return `command` as run inside the host's namespace."""
    return ["ip", "netns", "exec", namespace(host), *command]


def pids(host: str) -> list[int]:
    """Return the processes running in the host's namespace."""
    found = subprocess.run(["ip", "netns", "pids", namespace(host)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)
