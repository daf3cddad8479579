#!/usr/bin/env python3
"""Check the independent evaluation set: labels, keep phrases and look-alikes.

For every *.labels.json under eval_independent/:
  - the case file exists in eval_independent/cases/;
  - every label text occurs in its document (all whitespace removed) and
    its occurrence index exists;
  - every keep / lookalike phrase occurs in the document;
  - no keep / lookalike phrase overlaps a labelled span;
  - no label text appears in a case file (the addresses are unregistered).
Prints counts per kind and per form. Exit status 1 on any failure.
"""
import json, re, sys, collections, pathlib

ROOT = pathlib.Path(__file__).resolve().parent
CASES = ROOT / 'cases'
FORMS = {'F1': 'postcode oddities (bad inward letters, mistyped, no space, lowercase, alone)',
         'F2': 'no/rare street suffix, ALL CAPS, no number, lowercase-typed',
         'F3': 'Welsh / Scottish Gaelic (type-first, diacritics, house names)',
         'F4': 'house/building names and pre-number elements (flat, room, pitch, c/o...)',
         'F5': 'notable introduction or layout (block, table, parentheses, two lines...)',
         'F6': 'same town as council office, or multi-word town'}

def squash(s):
    return re.sub(r'\s+', '', s)

def positions(hay, needle):
    out, i = [], hay.find(needle)
    while i != -1:
        out.append(i); i = hay.find(needle, i + len(needle))
    return out

def main():
    errors = []
    kinds = collections.Counter(); forms = collections.Counter(); forms_distinct = collections.defaultdict(set)
    distinct = collections.defaultdict(set); looks_total = 0; looks_distinct = set(); ndocs = 0
    case_text = {p.name: squash(p.read_text(encoding='utf-8')) for p in CASES.glob('*.yaml')}
    # addresses/ only: reports/ has check_reports.py, each batchN/ its own check_labels.py
    for lf in sorted((ROOT / 'addresses').glob('*.labels.json')):
        ndocs += 1
        data = json.loads(lf.read_text(encoding='utf-8'))
        doc_path = lf.with_name(lf.name[:-len('.labels.json')])
        if not doc_path.exists():
            errors.append(f'{lf.name}: document {doc_path.name} missing'); continue
        doc = squash(doc_path.read_text(encoding='utf-8'))
        if data.get('case') not in case_text:
            errors.append(f'{lf.name}: case file {data.get("case")!r} not in cases/')
        spans = []
        for lab in data['labels']:
            t = squash(lab['text']); pos = positions(doc, t)
            if lab['occurrence'] >= len(pos):
                errors.append(f'{lf.name}: label {lab["text"]!r} occurrence {lab["occurrence"]} not found ({len(pos)} found)')
                continue
            s = pos[lab['occurrence']]; spans.append((s, s + len(t)))
            kinds[lab['kind']] += 1; distinct[lab['kind']].add(t)
            if lab['kind'] in ('ADDRESS', 'POSTCODE'):
                for f in lab.get('forms', []):
                    forms[f] += 1; forms_distinct[f].add(t)
                for cn, ct in case_text.items():
                    if t in ct:
                        errors.append(f'{lf.name}: label {lab["text"]!r} appears in case file {cn}')
        for field in ('keep', 'lookalikes'):
            for ph in data.get(field, []):
                p = squash(ph); pos = positions(doc, p)
                if not pos:
                    errors.append(f'{lf.name}: {field} phrase {ph!r} not in document'); continue
                if all(any(a < e and b > s for s, e in spans) for a, b in ((q, q + len(p)) for q in pos)):
                    errors.append(f'{lf.name}: {field} phrase {ph!r} only occurs inside a labelled span')
        if not set(data.get('lookalikes', [])) <= set(data.get('keep', [])) | set(data.get('lookalikes', [])):
            pass
        n = len(data.get('lookalikes', []))
        if n < 6:
            errors.append(f'{lf.name}: only {n} look-alikes')
        looks_total += n; looks_distinct |= set(data.get('lookalikes', []))
    print(f'documents: {ndocs}')
    print('labels per kind (occurrences / distinct texts):')
    for k in sorted(kinds):
        print(f'  {k:9s} {kinds[k]:4d} / {len(distinct[k])}')
    print('addresses+postcodes per form (occurrences / distinct); an address may carry several forms:')
    for f in sorted(FORMS):
        print(f'  {f} {forms[f]:4d} / {len(forms_distinct[f]):3d}  {FORMS[f]}')
    print(f'distinct unregistered addresses (ADDRESS+POSTCODE): {len(distinct["ADDRESS"] | distinct["POSTCODE"])}')
    print(f'look-alikes: {looks_total} (distinct phrases: {len(looks_distinct)})')
    if errors:
        print('\nFAILED:'); [print('  ' + e) for e in errors]; return 1
    print('\nOK: all checks passed')
    return 0

if __name__ == '__main__':
    sys.exit(main())
