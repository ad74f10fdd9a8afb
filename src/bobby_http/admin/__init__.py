"""The operator's pages under /admin and their JSON under /admin/api, behind ADMIN_TOKEN."""
