#!/usr/bin/env python3
"""Check the frozen held-out batch5 with batch3's checker (the same checks, this folder).

Usage: python3 eval_independent/batch5/check_labels.py
"""
import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
checker = runpy.run_path(str(HERE.parent / "batch3" / "check_labels.py"))
sys.exit(checker["main"]([sys.argv[0], str(HERE)]))
