"""Fixtures of the runtime tests: ``server`` (a loopback capture server) and ``clean_env``."""

from support.fixtures import clean_env, server

__all__ = ["clean_env", "server"]
