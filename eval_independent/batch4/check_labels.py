#!/usr/bin/env python3
"""Check the frozen held-out batch4: labels, keep phrases and look-alikes.

Usage: python3 eval_independent/batch4/check_labels.py [FOLDER]
FOLDER defaults to the folder holding this script (eval_independent/batch4).
Case files are looked up in FOLDER/cases/; documents are every *.labels.json under FOLDER
(with the document beside it). Does the same checks as eval_independent/check_labels.py,
plus a few more:
  - JSON parses; case file exists; reader is present;
  - every label text occurs in its document (all whitespace removed) and its occurrence
    index exists (occurrences counted left to right, non-overlapping, as in check_labels.py);
  - the occurrence index is the same whether whitespace is removed or collapsed to one space;
  - labelled spans do not overlap each other;
  - every keep / lookalike phrase occurs in the document at least once outside every label;
  - every look-alike is also listed in keep; at least 8 look-alikes per document;
  - no label text appears in a case file (the addresses are unregistered);
  - each allow entry of the case that occurs in the document is in keep and is not labelled;
  - ADDRESS and POSTCODE labels carry at least one known form.
Prints counts per kind and per form. Exit status 1 on any failure.
"""
import json, re, sys, collections, pathlib

FORMS = {'F1': 'postcode oddities (bad inward letters C I K M O V, mistyped, no space, extra space, lowercase, alone)',
         'F2': 'no/rare street suffix, no number, street or description only, lowercase-typed',
         'F3': 'Welsh / Scottish Gaelic (type-first, diacritics, house names, Gaelic/Welsh town names)',
         'F4': 'house/building names and pre-number elements (flat, room, pitch, cabin, ward, c/o, above, basement...)',
         'F5': 'notable introduction or layout (multi-line block, table cell, split row, quoted email, her nan\'s...)',
         'F6': 'same town as the council office, or multi-word town',
         'F7': 'kinds new in batch3 (NI townland/Co., Eircode, BFPO/SFA/ship, plot/new build, ½ and ranges, Nr, '
               'county after town, PO box refuge, lane end/off B-road, estate blocks, halls, hotel, ward, '
               'islands, postcode first, caravan/static/mooring)'}
KINDS = {'ADDRESS', 'POSTCODE', 'PHONE', 'EMAIL', 'SCHOOL', 'WORKPLACE', 'DATE_OF_BIRTH', 'VEHICLE_REG', 'NHS_NUMBER'}

def squash(s):
    return re.sub(r'\s+', '', s)

def normsp(s):
    return re.sub(r'\s+', ' ', s).strip()

def positions(hay, needle):
    out, i = [], hay.find(needle)
    while i != -1:
        out.append(i); i = hay.find(needle, i + len(needle))
    return out

def allow_entries(yaml_text):
    out, on = [], False
    for line in yaml_text.splitlines():
        if re.match(r'^allow:\s*$', line): on = True; continue
        if on:
            m = re.match(r'^\s+-\s+"?(.*?)"?\s*$', line)
            if m: out.append(m.group(1))
            elif line.strip() and not line.startswith(' '): on = False
    return out

def main(argv):
    root = pathlib.Path(argv[1]).resolve() if len(argv) > 1 else pathlib.Path(__file__).resolve().parent
    cases = root / 'cases'
    errors = []
    kinds = collections.Counter(); distinct = collections.defaultdict(set)
    forms = collections.Counter(); forms_distinct = collections.defaultdict(set)
    looks_total = 0; looks_distinct = set(); keep_total = 0; ndocs = 0; per_doc = []
    case_raw = {p.name: p.read_text(encoding='utf-8') for p in cases.glob('*.yaml')}
    case_text = {n: squash(t) for n, t in case_raw.items()}
    for lf in sorted(root.rglob('*.labels.json')):
        ndocs += 1
        try:
            data = json.loads(lf.read_text(encoding='utf-8'))
        except json.JSONDecodeError as e:
            errors.append(f'{lf.name}: JSON does not parse: {e}'); continue
        doc_path = lf.with_name(lf.name[:-len('.labels.json')])
        if not doc_path.exists():
            errors.append(f'{lf.name}: document {doc_path.name} missing'); continue
        raw = doc_path.read_text(encoding='utf-8'); doc = squash(raw); norm = normsp(raw)
        case = data.get('case')
        if case not in case_text:
            errors.append(f'{lf.name}: case file {case!r} not in {cases}')
        if not data.get('reader'):
            errors.append(f'{lf.name}: no reader')
        spans = []; nadr = 0
        for lab in data.get('labels', []):
            if lab.get('kind') not in KINDS:
                errors.append(f'{lf.name}: unknown kind {lab.get("kind")!r}')
            t = squash(lab['text']); pos = positions(doc, t)
            if not isinstance(lab.get('occurrence'), int) or lab['occurrence'] >= len(pos):
                errors.append(f'{lf.name}: label {lab["text"]!r} occurrence {lab.get("occurrence")} not found ({len(pos)} found)')
                continue
            s = pos[lab['occurrence']]; spans.append((s, s + len(t), lab['text']))
            if len(positions(norm, normsp(lab['text']))) != len(pos):
                errors.append(f'{lf.name}: label {lab["text"]!r}: occurrence count differs between whitespace-removed '
                              f'and whitespace-collapsed text (ambiguous index)')
            kinds[lab['kind']] += 1; distinct[lab['kind']].add(t)
            if lab['kind'] in ('ADDRESS', 'POSTCODE'):
                nadr += lab['kind'] == 'ADDRESS'
                fs = lab.get('forms', [])
                if not fs or any(f not in FORMS for f in fs):
                    errors.append(f'{lf.name}: label {lab["text"]!r} has bad forms {fs!r}')
                for f in fs:
                    forms[f] += 1; forms_distinct[f].add(t)
            for cn, ct in case_text.items():
                if lab['kind'] in ('ADDRESS', 'POSTCODE', 'PHONE', 'EMAIL') and t in ct:
                    errors.append(f'{lf.name}: label {lab["text"]!r} appears in case file {cn}')
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                errors.append(f'{lf.name}: labels overlap: {a[2]!r} / {b[2]!r}')
        keep = data.get('keep', []); looks = data.get('lookalikes', [])
        for field, phrases in (('keep', keep), ('lookalikes', looks)):
            for ph in phrases:
                p = squash(ph); pos = positions(doc, p)
                if not pos:
                    errors.append(f'{lf.name}: {field} phrase {ph!r} not in document'); continue
                if all(any(a < e and b > s for s, e, _ in spans) for a, b in ((q, q + len(p)) for q in pos)):
                    errors.append(f'{lf.name}: {field} phrase {ph!r} only occurs inside a labelled span')
        missing = [x for x in looks if x not in keep]
        if missing:
            errors.append(f'{lf.name}: look-alikes not in keep: {missing!r}')
        if len(looks) < 8:
            errors.append(f'{lf.name}: only {len(looks)} look-alikes')
        if case in case_raw:
            for al in allow_entries(case_raw[case]):
                if squash(al) in doc and al not in keep:
                    errors.append(f'{lf.name}: allowed entry {al!r} occurs but is not in keep')
                if any(squash(al) == squash(x[2]) for x in spans):
                    errors.append(f'{lf.name}: allowed entry {al!r} is labelled')
        looks_total += len(looks); looks_distinct |= set(looks); keep_total += len(keep)
        per_doc.append((doc_path.name, len(data.get('labels', [])), nadr, len(looks)))
    print(f'folder: {root}')
    print(f'documents: {ndocs}   case files: {len(case_raw)}')
    print('per document (labels / ADDRESS / look-alikes):')
    for n, a, b, c in per_doc:
        print(f'  {n:36s} {a:3d} {b:3d} {c:3d}')
    print('labels per kind (occurrences / distinct texts):')
    for k in sorted(kinds):
        print(f'  {k:13s} {kinds[k]:4d} / {len(distinct[k])}')
    print(f'  {"total":13s} {sum(kinds.values()):4d}')
    print('addresses+postcodes per form (occurrences / distinct); an address may carry several forms:')
    for f in sorted(FORMS):
        print(f'  {f} {forms[f]:4d} / {len(forms_distinct[f]):3d}  {FORMS[f]}')
    print(f'distinct unregistered addresses (ADDRESS+POSTCODE): {len(distinct["ADDRESS"] | distinct["POSTCODE"])}')
    print(f'look-alikes: {looks_total} (distinct phrases: {len(looks_distinct)}); keep phrases: {keep_total}')
    if errors:
        print('\nFAILED:'); [print('  ' + e) for e in errors]; return 1
    print('\nOK: all checks passed')
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv))
