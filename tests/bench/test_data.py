"""The small helpers of ``make bench`` that read its settings and the data."""

import pytest

from bench.data import asked_size, common_word


@pytest.mark.parametrize(
    ("args", "option", "size"),
    [
        ("--ngos 10000 --proposals 100000 --meetings 1000", "--proposals", 100_000),
        ("--ngos=50 --proposals=200", "--ngos", 50),
        ("--ngos 50 --seed 3", "--proposals", 0),
        ("", "--ngos", 0),
    ],
)
def test_asked_size_reads_the_generator_arguments(args, option, size):
    assert asked_size(args, option) == size


def test_common_word_is_the_word_most_names_hold():
    names = [
        "انجمن حمایت از زنان سرپرست خانوار",
        "موسسه خیریه مهر",
        "انجمن\u200cهای زنان کارآفرین",
        "انجمن یاری ۱۲۳",
    ]

    # The ZWNJ separates words, and a word counts once per name.
    assert common_word(names) == "انجمن"
