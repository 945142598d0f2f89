"""Word's 字数 / 字符数(不计空格) as reviewers see them in Word's 字数统计 dialog."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converters.wordcount import char_count_no_spaces, word_count


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # 运用 (2) + PDCA (1 Latin word) + 循环提升合格率 (7) = 10
        ("运用PDCA循环提升合格率", 10),
        ("", 0),
        ("质量信得过班组", 7),
        # full-width punctuation counts 1 each
        ("你好，世界。", 6),
        ("“五小”", 4),
        ("（一）班组概况", 7),
        # half-width punctuation and spaces count 0
        ("你好, 世界.", 4),
        ("- , . ; !", 0),
        # each Latin/digit word counts 1, punctuation inside a word does not split it
        ("Six Sigma and Lean", 4),
        ("合格率98.5%", 4),
        ("GB/T 4754-2017", 2),
        ("QC小组", 3),
        # ideographic space U+3000 is a space
        ("质量\u3000信得过", 5),
        # full-width letters are East Asian characters, 1 each
        ("ＰＤＣＡ", 4),
        ("6σ管理", 3),
    ],
)
def test_word_count_follows_word_rules(text, words):
    assert word_count(text) == words


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("运用PDCA循环提升合格率", 13),
        ("a b\tc\n中", 4),
        ("质量\u3000信得过", 5),
        ("你好, 世界.", 6),
        ("\u200b零宽\u200b", 2),
    ],
)
def test_char_count_excludes_spaces_only(text, chars):
    assert char_count_no_spaces(text) == chars


def test_title_of_the_notice_example_is_28():
    title = "运用客户之声收集、分析关键顾客和其他重要相关方需求的经验"
    assert word_count(title) == 28
    assert char_count_no_spaces(title) == 28


@given(st.text(max_size=200))
def test_word_count_never_exceeds_character_count(text):
    assert 0 <= word_count(text) <= char_count_no_spaces(text)


def _reference_word_count(text: str) -> int:
    """Character-by-character statement of the rule, to check the regex implementation against."""
    from converters.wordcount import _INVISIBLE, is_east_asian

    count, in_run, has_alnum = 0, False, False
    for ch in text:
        gap = ch.isspace() or ch in _INVISIBLE
        if gap or is_east_asian(ch):
            count += in_run and has_alnum
            in_run = has_alnum = False
            count += not gap
            continue
        in_run, has_alnum = True, has_alnum or ch.isalnum()
    return count + (in_run and has_alnum)



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("运用PDCA循环，提升合格率98.5%。 GB/T 4754-2017 —“”abc\u200b,-\t\n한かな＃𠀀")), max_size=60))
def test_word_count_matches_the_character_rule(text):
    assert word_count(text) == _reference_word_count(text)
