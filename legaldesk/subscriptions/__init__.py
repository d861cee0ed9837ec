"""Selective dissemination of information (ИРИ): subscribers hold standing queries and
followed acts; new and changed acts reach them as e-mail digests, a private Atom feed and a
list in their workspace, each item saying why.

  matching.py     new acts against standing queries, in an index of the batch in memory
  consumer.py     the change log → what each subscriber is told of, once per reason
  subscribers.py  subscribers and profiles: staff, an official's card, a resident's form
  digests.py      due items → one letter per subscriber through the mail outbox
  links.py        signed links: confirm, manage, one-click unsubscribe, the private feed
  views.py        items with their acts and reasons, for letters, feeds and pages
  jobs.py         the digest job beside the indexing loop
"""
