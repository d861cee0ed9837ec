"""The reference desk on the web: the librarians' desk (intake, lists, the request page,
the printable answer sheet, suggestions while typing), its settings for administrators
(deadline rules, the decree table, branches), the employee's workspace, and the requests
API. Handlers are thin: the domain is legaldesk/desk/."""
