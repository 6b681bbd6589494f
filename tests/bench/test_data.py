"""The small helpers of ``make bench`` that read its settings and the data."""

import pytest

from bench.data import asked_size, common_word, tenth_args, tenth_url


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


@pytest.mark.parametrize(
    ("args", "tenth"),
    [
        (
            "--ngos 10000 --proposals 100000 --meetings 1000",
            "--ngos 1000 --proposals 10000 --meetings 100",
        ),
        ("--ngos=50 --proposals=200 --seed 3", "--ngos=5 --proposals=20 --seed 3"),
        # A size never drops to nothing, and nothing stays nothing.
        ("--ngos 5 --meetings 0", "--ngos 1 --meetings 0"),
    ],
)
def test_tenth_args_divide_every_size_by_ten(args, tenth):
    assert tenth_args(args) == tenth


def test_the_tenth_size_data_has_a_database_of_its_own():
    assert (
        tenth_url("postgres://postgres@127.0.0.1:5432/workgroup_bench")
        == "postgres://postgres@127.0.0.1:5432/workgroup_bench_tenth"
    )
    assert tenth_url("postgres://u@h/b?sslmode=disable") == (
        "postgres://u@h/b_tenth?sslmode=disable"
    )
