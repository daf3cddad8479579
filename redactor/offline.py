"""Keep run-time code off the network.

Presidio's email and URL recognizers call `tldextract`, whose default extractor
fetches the public suffix list on first use. We do not use those recognizers, but
anything that does reach tldextract must use the snapshot shipped in the package.
"""

from __future__ import annotations

import os


def make_offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
