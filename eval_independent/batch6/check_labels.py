#!/usr/bin/env python3
"""Check the frozen held-out batch6 with batch3's checker, run on this folder.

Usage: python3 eval_independent/batch6/check_labels.py
"""
import pathlib, runpy, sys

HERE = pathlib.Path(__file__).resolve().parent
sys.argv = [str(HERE.parent / 'batch3' / 'check_labels.py'), str(HERE)]
runpy.run_path(sys.argv[0], run_name='__main__')
