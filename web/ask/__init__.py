"""«Задать вопрос»: the public form and API that file a resident's question at the reference
desk, the private page that follows it, the note on personal data, and the e-mails."""
