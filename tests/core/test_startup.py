"""Starting the site loads no model library: every process (a `notalone` command, the worker,
gunicorn's master) pays for what `django.setup()` imports, and spaCy brings torch in (1.4 s)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_django_setup_imports_no_model_library() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "notalone.settings"
    code = (
        "import sys, django; django.setup(); "
        "print(sorted({'torch', 'spacy', 'thinc', 'presidio_analyzer', 'sentence_transformers'} "
        "& set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
