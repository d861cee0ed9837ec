"""How the service is doing, for machines and for the staff: logs that carry each request's
id (``logs``), the readiness of a process to serve (``readiness``), Prometheus metrics
(``metrics``) and the health of sources, jobs and followers of the change log (``health``)."""
