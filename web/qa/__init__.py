"""The question–answer base on the web: the public list by heading and the entry page,
the «questions and answers» beside the acts in search, the JSON API, and the librarians'
editor that publishes an answered request (legaldesk/qa/)."""
