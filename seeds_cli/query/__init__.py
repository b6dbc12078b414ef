"""Search: a parsed query compiled, scored, combined and ranked over an index.

Modules, in the order a query goes through them: ``params`` (the ranking's parameters),
``compile`` (the query's leaves and boolean tree), ``scoring`` (BM25F per leaf), ``vectors``
(the arithmetic on per-document numbers, in plain Python or numpy), ``boolean`` (combining
the leaves), ``rerank`` (ordering, proximity), ``explain`` (``--explain``) and
``ranker`` (the stages in order).
"""
