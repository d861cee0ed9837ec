"""The reference desk: questions residents and officials ask, how long each may take, the
answers with the acts and sources they cite, and the flags raised when a cited act changes.

Modules by what they hold: ``vocabulary`` (the closed lists and how a status may move),
``calendar`` (Russian working days), ``deadlines`` (the rules and the computation),
``codes`` (reference codes), ``requests`` (filing, changing, listing requests),
``answers`` (the answer and its citations), ``history`` (every change, field by field),
``flags`` (the change log's consumer), ``suggestions`` (similar requests, likely acts),
``stats`` (counts for a period).
"""
