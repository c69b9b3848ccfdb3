#!/usr/bin/env python
"""Django's command-line utility; `notalone` (notalone/cli.py) is the operator's front door."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
