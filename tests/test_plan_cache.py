"""engine.ground.plans: a plan is reused only for the same body over data of the same
shape, a cached plan never changes what is derived, and a copy starts empty."""
from __future__ import annotations

import pickle

from engine.ground.join import Relation
from engine.ground.plans import PlanCache
from engine.parse import parse_text
from engine.theory import Theory

RULES = "r(X, Z) :- e(X, Y), f(Y, Z).\n"


def _relations(e: int, f: int) -> dict:
    rels = {("e", False, 2): Relation(2), ("f", False, 2): Relation(2)}
    rels[("e", False, 2)].add_new([(i, i + 1) for i in range(e)])
    rels[("f", False, 2)].add_new([(i, 0) for i in range(f)])
    return rels


def test_a_plan_is_kept_per_body_and_shape_of_the_data():
    body = parse_text(RULES, "t.dl").rules[0].body
    cache = PlanCache()
    first = cache.plan(body, None, _relations(3, 300))
    assert cache.plan(body, None, _relations(3, 290)) is first  # the same powers of four
    other = cache.plan(body, None, _relations(300, 3))
    assert other is not first and len(cache) == 2
    # the proportions decide the order: the smaller relation is joined first
    assert [s.key[0] for s in first.steps] == ["e", "f"] and [s.key[0] for s in other.steps] == ["f", "e"]
    # an equal body that is another object is planned for itself
    again = parse_text(RULES, "t.dl").rules[0].body
    assert cache.plan(again, None, _relations(3, 300)) is not first


def test_a_copy_of_the_cache_is_empty():
    cache = PlanCache()
    cache.plan(parse_text(RULES, "t.dl").rules[0].body, None, _relations(1, 1))
    assert len(cache) == 1 and len(pickle.loads(pickle.dumps(cache))) == 0


def test_programs_sharing_a_cache_derive_what_they_derive_alone():
    rules = ("r(X, Z) :- e(X, Y), f(Y, Z), not g(Z).\nr(X, Z) :- r(X, Y), r(Y, Z).\n"
             "d(X): q(X) := r(X, _Y), e(_Y, X).\n~q(X) := f(X, _).\n")
    base = parse_text(rules, "rules.dl")
    cache = PlanCache()
    for facts in ("e(1, 2). f(2, 3). f(2, 4). g(4).", "e(1, 2). e(2, 3). f(2, 1). f(3, 2).",
                  "e(1, 2). f(2, 3). f(2, 4). g(4)."):
        shared = parse_text(facts, "facts.dl")
        shared.statements[:0] = base.statements
        shared.plans = cache
        alone = parse_text(facts, "facts.dl")
        alone.statements[:0] = base.statements
        assert list(Theory(shared).solve().conclusions()) == list(Theory(alone).solve().conclusions())
    assert len(cache) > 0
