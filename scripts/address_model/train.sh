#!/bin/sh
# Rebuilds models/address/ from nothing: generate the sentences (seeded), fill the config, train with
# spaCy's own `spacy train` on one thread, and ship model-best. Run by `make address-model`.
set -eu
PY=${PY:-.venv/bin/python}
WORK=${WORK:-build/address_model}
SEED=${SEED:-11}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0
rm -rf "$WORK" && mkdir -p "$WORK"
"$PY" scripts/address_model/generate.py "$WORK/data" --seed "$SEED" --train 10000 --dev 1500
"$PY" -m spacy init fill-config scripts/address_model/base.cfg "$WORK/config.cfg"
"$PY" -m spacy train "$WORK/config.cfg" --paths.train "$WORK/data/train.spacy" \
  --paths.dev "$WORK/data/dev.spacy" --output "$WORK/out" --system.seed "$SEED"
rm -rf models/address && cp -r "$WORK/out/model-best" models/address
git checkout -- models/address/README.md 2>/dev/null || true
"$PY" -m spacy evaluate models/address "$WORK/data/dev.spacy"
