
app_name = "actionplan"

urlpatterns: list = []
