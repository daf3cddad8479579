"""NER through Presidio: long texts are cut into pieces at line ends, offsets stay exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.ner import SplitNer
from redactor.ner.model import chunks


@given(st.text(alphabet="ab \n", max_size=400), st.integers(min_value=5, max_value=60))
@settings(max_examples=200, deadline=None)
def test_chunks_cover_the_text_exactly(text: str, size: int) -> None:
    pieces = chunks(text, size)
    assert "".join(p for _, p in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= size for _, piece in pieces)


def test_entities_in_later_pieces_point_at_the_right_place() -> None:
    text = "The review was held at the office.\n" * 150 + "Claire Mottram spoke to Gary Pickford in Leeds.\n"
    assert len(chunks(text)) > 1
    found = SplitNer().scan_many([text])[0]
    assert {f.text for f in found} >= {"Claire Mottram", "Gary Pickford"}
    assert all(text[f.start : f.end] == f.text for f in found)


def test_model_multiplies_as_models_ner_yaml_says() -> None:
    from redactor.ner.model import analyzer, ner_config

    ops = analyzer().nlp_engine.nlp["en"].get_pipe("ner").model.ops
    assert ner_config()["use_blis"] is False  # the choice BENCHMARKS.md measured
    assert ops.use_blis is False


def test_numpy_products_give_the_same_entities_as_blis() -> None:
    # The speed choice must not change what NER finds: compare with a model on thinc's default ops.
    import spacy

    from redactor.ner.model import analyzer, ner_config

    text = ("Claire Mottram moved from Leeds to a flat near Halifax with Mia.\n"
            "Gary Pickford was seen in Congleton by PC Harris on Tuesday.\n") * 5  # fmt: skip
    fast = analyzer().nlp_engine.nlp["en"]
    plain = spacy.load(ner_config()["models"][0]["model_name"], exclude=ner_config()["exclude"])
    assert plain.get_pipe("ner").model.ops.use_blis is True
    assert [(e.start_char, e.end_char, e.label_) for e in fast(text).ents] == [
        (e.start_char, e.end_char, e.label_) for e in plain(text).ents
    ]
    assert any(e.label_ == "PERSON" for e in fast(text).ents)


def test_ner_runs_on_one_blas_thread() -> None:
    # Two NER processes with several OpenBLAS threads each fight over two cores.
    from threadpoolctl import threadpool_info

    from redactor.ner.model import analyzer

    analyzer()
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_loading_leaves_the_collector_on_and_the_model_frozen_out_of_it() -> None:
    import gc

    from redactor.ner import model

    with model._no_collections():
        assert not gc.isenabled()
        kept = [object()]
    assert gc.isenabled()  # a long-lived worker must still collect its garbage
    assert gc.get_freeze_count() > 0 and kept
