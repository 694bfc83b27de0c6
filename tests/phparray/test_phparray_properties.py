"""Property tests: write random PHP values as PHP source in many spellings, parse them back.

`php_writer` writes a random model (array elements in source order, keys of every PHP key
type or missing) in short, `array (...)` (var_export) and one-line layouts, with comments,
concatenations, single/double quotes and escapes; `php_writer.php_value` computes what PHP
builds from it, independently of the parser. The two must agree exactly (types, key order).
"""

from __future__ import annotations

import math
import warnings
from random import Random
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support.php_writer import (
    NO_KEY,
    PHP_INT_MAX,
    PHP_INT_MIN,
    BigInt,
    NextIndexOccupied,
    PhpArray,
    PhpWriter,
    WriterOptions,
    assert_same,
    php_key,
    php_value_and_repeats,
    to_model,
    var_export,
)

from gen_sdk.phparray import PhpArrayWarning, PhpSyntaxError, loads

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

SPECIAL_CHARS = [
    *list("'\"\\$${}\n\r\t\x00\x0b\x0c\x1b/#*.,;=>[]() aAnux0179_"),
    "é",
    "模",
    "型",
    "🚀",
    "\u2028",
    "\ufeff",
    "\x7f",
    "\x80",
]
chars = st.one_of(
    st.sampled_from(SPECIAL_CHARS),
    st.characters(exclude_categories=("Cs",)),
)
texts = st.text(chars, max_size=24)

NUMERIC_LOOKING = [
    "0",
    "1",
    "7",
    "200",
    "-5",
    "-1",
    "05",
    "00",
    "-0",
    "1.0",
    "1.5",
    " 1",
    "1 ",
    "+1",
    "1e3",
    "0x1A",
    "0b1",
    "9223372036854775806",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "",
]
string_keys = st.one_of(
    st.sampled_from(NUMERIC_LOOKING),
    st.integers(-1000, 1000).map(str),
    st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{0,2})?", fullmatch=True),
    texts,
)
int_values = st.one_of(
    st.integers(-1000, 1000),
    st.integers(PHP_INT_MIN + 1, PHP_INT_MAX),
    st.sampled_from([PHP_INT_MAX, PHP_INT_MIN + 1, 0, -1, 2**53, 2**53 + 1]),
)
int_keys = st.one_of(st.integers(-5, 20), st.integers(PHP_INT_MIN + 1, PHP_INT_MAX - 1))
float_keys = st.floats(-1e6, 1e6, allow_nan=False)
keys = st.one_of(
    int_keys,
    string_keys,
    st.booleans(),
    st.none(),
    float_keys,
)
floats = st.floats(allow_nan=True, allow_infinity=True)
big_ints = st.integers(PHP_INT_MAX + 1, 2**100).map(BigInt)
scalars = st.one_of(st.none(), st.booleans(), int_values, floats, big_ints, texts)


def arrays(children: st.SearchStrategy[Any]) -> st.SearchStrategy[PhpArray]:
    element = st.tuples(st.one_of(st.just(NO_KEY), keys), children)
    return st.lists(element, max_size=6).map(PhpArray)


values = st.recursive(scalars, arrays, max_leaves=25)
documents = st.one_of(arrays(values), scalars)


def normalized(node: Any) -> Any:
    """A Python value PHP could build (list/dict with int/str keys), via the model rules."""
    try:
        value, _ = php_value_and_repeats(node)
    except NextIndexOccupied:
        assume(False)
    return value


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def parse(text: str) -> tuple[Any, int]:
    """The value and how many PhpArrayWarnings were raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = loads(text, filename="prop.php")
    return value, sum(issubclass(w.category, PhpArrayWarning) for w in caught)


def roundtrip(node: Any, rng: Random, options: WriterOptions) -> None:
    text = PhpWriter(rng, options).write_document(node)
    try:
        expected, repeats = php_value_and_repeats(node)
    except NextIndexOccupied:
        # PHP: "Cannot add element to the array as the next element is already occupied".
        with pytest.raises(PhpSyntaxError):
            loads(text)
        return
    try:
        got, warned = parse(text)
    except PhpSyntaxError as err:
        pytest.fail(f"{err}\n--- source ---\n{text}")
    assert_same(got, expected)
    assert warned == repeats, f"{warned} warnings for {repeats} repeated keys\n{text}"


STYLES = ["short", "long", "oneline"]


def options(rng: Random) -> WriterOptions:
    """Every spelling but `array /* comment */ (`, which has a test of its own below."""
    return WriterOptions(style=rng.choice(STYLES), array_comments=False)


# ---------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False), style=st.sampled_from(STYLES))
def test_roundtrip_all_features_but_array_comments(node: Any, rng: Random, style: str) -> None:
    roundtrip(node, rng, WriterOptions(style=style, array_comments=False))


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False), style=st.sampled_from(STYLES))
def test_roundtrip_all_features(node: Any, rng: Random, style: str) -> None:
    roundtrip(node, rng, WriterOptions(style=style))


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False), style=st.sampled_from(STYLES))
def test_roundtrip_plain_spelling(node: Any, rng: Random, style: str) -> None:
    """No comments, no escapes, no number tricks: the layout alone must already work."""
    options = WriterOptions(
        style=style,
        comments=False,
        split_strings=False,
        quoting="single",
        escapes=False,
        number_forms=False,
        keyword_case=False,
        framing=False,
        trailing_comma="always",
    )
    roundtrip(node, rng, options)


@SETTINGS
@given(node=documents, seed=st.integers(0, 2**32))
def test_layouts_agree(node: Any, seed: int) -> None:
    """short, long and one-line spellings of one model parse to one value."""
    expected = normalized(node)
    for style in STYLES:
        text = PhpWriter(
            Random(seed), WriterOptions(style=style, array_comments=False)
        ).write_document(node)
        got, _ = parse(text)
        assert_same(got, expected)


@SETTINGS
@given(node=documents)
def test_var_export_roundtrip(node: Any) -> None:
    """PHP's own var_export layout of a normalized value reads back as that value."""
    value = normalized(node)
    text = f"<?php return {var_export(value)};\n"
    got, warned = parse(text)
    assert_same(got, value)
    assert warned == 0


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False))
def test_normalized_value_roundtrip(node: Any, rng: Random) -> None:
    """A normalized value written back with explicit keys reads back as itself."""
    value = normalized(node)
    text = PhpWriter(rng, options(rng)).write_document(to_model(value))
    got, warned = parse(text)
    assert_same(got, value)
    assert warned == 0


# ---------------------------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    value=texts,
    rng=st.randoms(use_true_random=False),
    quoting=st.sampled_from(["single", "double", "random"]),
)
def test_strings(value: str, rng: Random, quoting: str) -> None:
    writer = PhpWriter(rng, WriterOptions(quoting=quoting))
    literal = writer.write_string(value)
    got, _ = parse(f"<?php return {literal};")
    assert_same(got, value)


@SETTINGS
@given(value=texts, rng=st.randoms(use_true_random=False))
def test_utf8_bytes_split_anywhere_across_concatenation(value: str, rng: Random) -> None:
    """PHP concatenates bytes: escapes of one character may be spread over several pieces."""
    data = value.encode("utf-8")
    cuts = sorted({rng.randrange(len(data) + 1) for _ in range(rng.randint(0, 4))})
    pieces, start = [], 0
    for cut in [*cuts, len(data)]:
        pieces.append(data[start:cut])
        start = cut
    literals = [
        '"' + "".join(rng.choice([f"\\x{b:02x}", f"\\{b:03o}", f"\\x{b:02X}"]) for b in p) + '"'
        for p in pieces
    ]
    got, _ = parse("<?php return " + " . ".join(literals) + ";")
    assert_same(got, value)


@SETTINGS
@given(value=int_values, rng=st.randoms(use_true_random=False))
def test_integers(value: int, rng: Random) -> None:
    literal = PhpWriter(rng).write_int(value)
    got, _ = parse(f"<?php return [{literal}];")
    assert_same(got, [value])


@SETTINGS
@given(value=big_ints, rng=st.randoms(use_true_random=False))
def test_integers_beyond_int_max_are_floats(value: BigInt, rng: Random) -> None:
    literal = PhpWriter(rng).write_bigint(value)
    got, _ = parse(f"<?php return [{literal}, -{literal}];")
    assert_same(got, [float(value.value), -float(value.value)])


@SETTINGS
@given(value=floats, rng=st.randoms(use_true_random=False))
def test_floats(value: float, rng: Random) -> None:
    literal = PhpWriter(rng).write_float(value)
    got, _ = parse(f"<?php return [{literal}];")
    assert type(got) is list and len(got) == 1
    if math.isnan(value):
        assert isinstance(got[0], float) and math.isnan(got[0])
    else:
        assert_same(got, [value])
        assert repr(got[0]) == repr(value)


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(
    key=st.one_of(string_keys, st.integers(-(2**65), 2**65).map(str)),
    rng=st.randoms(use_true_random=False),
)
def test_string_keys(key: str, rng: Random) -> None:
    writer = PhpWriter(rng)
    text = f"<?php return ['marker' => 1, {writer.write_string(key)} => 'v'];"
    got, _ = parse(text)
    assert_same(got, {"marker": 1, php_key(key): "v"})


@SETTINGS
@given(
    items=st.lists(st.tuples(st.one_of(st.just(NO_KEY), keys), st.integers(0, 9)), max_size=12),
    rng=st.randoms(use_true_random=False),
)
def test_key_rules(items: list[tuple[Any, int]], rng: Random) -> None:
    """Flat arrays stress the key rules: casts, next index, repeats, list or dict."""
    roundtrip(PhpArray(items), rng, options(rng))


# ---------------------------------------------------------------------------------------------
# A document whose head was cut off
# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(
    first_key=keys,
    first_value=values,
    rest=st.lists(st.tuples(st.one_of(st.just(NO_KEY), keys), values), max_size=5),
    rng=st.randoms(use_true_random=False),
)
def test_truncated_head(first_key: Any, first_value: Any, rest: list[Any], rng: Random) -> None:
    node = PhpArray([(first_key, first_value), *rest])
    try:
        expected, repeats = php_value_and_repeats(node)
    except NextIndexOccupied:
        assume(False)
    text = PhpWriter(rng, options(rng)).write_headless(node)
    try:
        got, warned = parse(text)
    except PhpSyntaxError as err:
        pytest.fail(f"{err}\n--- source ---\n{text}")
    assert_same(got, expected)
    assert warned == repeats + 1, f"{warned} warnings, {repeats} repeated keys\n{text}"


# ---------------------------------------------------------------------------------------------
# Broken documents: a PhpSyntaxError that points inside the text, never another exception
# ---------------------------------------------------------------------------------------------


def check_error_position(err: PhpSyntaxError, text: str) -> None:
    lines = text.split("\n")
    assert 1 <= err.line <= len(lines), (err.line, len(lines), str(err))
    assert 1 <= err.column <= len(lines[err.line - 1]) + 1, (err.line, err.column, str(err))
    assert f":{err.line}:{err.column}:" in str(err).split("\n")[0]


def loads_or_error(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            loads(text, filename="broken.php")
        except PhpSyntaxError as err:
            check_error_position(err, text.removeprefix("\ufeff"))


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False), data=st.data())
def test_truncated_documents(node: Any, rng: Random, data: st.DataObject) -> None:
    text = PhpWriter(rng, options(rng)).write_document(node)
    cut = data.draw(st.integers(0, len(text)))
    loads_or_error(text[:cut])


@SETTINGS
@given(node=documents, rng=st.randoms(use_true_random=False), data=st.data())
def test_mutated_documents(node: Any, rng: Random, data: st.DataObject) -> None:
    text = PhpWriter(rng, options(rng)).write_document(node)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        char = data.draw(st.sampled_from([*list("[](),'\"=>.;$\\/*#\n x0-"), "模", "\x00"]))
        if action == "insert":
            text = text[:index] + char + text[index:]
        elif action == "delete":
            text = text[:index] + text[index + 1 :]
        else:
            text = text[:index] + char + text[index + 1 :]
    loads_or_error(text)


@SETTINGS
@given(text=st.text(st.sampled_from(list("[](),'\"=>.;$\\/*#\n x0-a<?phpreturn")), max_size=40))
def test_random_token_soup(text: str) -> None:
    loads_or_error(text)
    loads_or_error("<?php return " + text)
