from django.urls import URLPattern, path

from linkwell.casework import plan_views

urlpatterns: list[URLPattern] = [
    path("<uuid:case_id>/conversation/new/", plan_views.record_conversation, name="conversation-record"),
    path("<uuid:case_id>/plan/", plan_views.plan_detail, name="plan-detail"),
    path("<uuid:case_id>/plan/edit/", plan_views.edit_plan, name="plan-edit"),
    path("<uuid:case_id>/plan/print/", plan_views.print_plan, name="plan-print"),
    path("<uuid:case_id>/plan/goals/new/", plan_views.add_goal, name="plan-goal-add"),
    path("<uuid:case_id>/plan/goals/<uuid:goal_id>/update/", plan_views.update_goal, name="plan-goal-update"),
    path("<uuid:case_id>/plan/steps/<int:step_id>/done/", plan_views.mark_step_done, name="plan-step-done"),
]
