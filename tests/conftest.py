"""Shared by every test folder: this folder is on sys.path (pytest puts a root conftest's folder there),
so that documents written for several layers' tests live once, in tests/followdocs.py."""
