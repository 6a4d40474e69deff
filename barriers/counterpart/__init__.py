"""The EAEU focal points' pages: the work list of barriers shared with their regulator, a barrier
with its exchange, and the five answers (acknowledge, ask for clarification, propose a solution,
state the position, report it resolved). Server-rendered, usable without JavaScript, in Russian
unless the reader chose English.
"""
