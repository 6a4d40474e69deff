"""Following: the signed-in user's follows, how often their digest e-mail goes out, and their
notifications, for exporters, councils and officials alike.

Every read is the signed-in user's own (barriers.selectors.following): another user's follow or
notification answers 404 like one that does not exist. Writes go through
`services.follow_action`, as the portal's and the admin's following pages do.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers import selectors, services
from barriers.api.exchange_serializers import ReasonsListField
from barriers.api.fields import StrictCharField, StrictIntegerField
from barriers.api.idempotency import idempotent
from barriers.api.pagination import PageError, Pagination
from barriers.api.parsers import JSONParser
from barriers.api.permissions import NotForFocalPoints
from barriers.api.schema import documented, validation_error_serializer
from barriers.models import (
    DigestFrequency,
    Follow,
    FollowEventKind,
    FollowKind,
    Notification,
    signed_in_user,
)

# The kinds a follow can be created with here: saved searches are made on the admin's lists.
FOLLOW_KINDS_TO_CREATE = [
    (kind.value, kind.label) for kind in FollowKind if kind != FollowKind.SAVED_SEARCH
]

FOLLOW_ID = OpenApiParameter(
    "follow_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The follow's id."
)


# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------


class FollowSerializer(serializers.ModelSerializer):
    """One thing the user follows."""

    target = serializers.SerializerMethodField(
        help_text=(
            "What is followed, as it is given when following it: a barrier's reference, an HS "
            "code, a two-digit HS chapter, a country's code, a regulator's code, or the name of "
            "a saved search."
        )
    )
    target_label = serializers.CharField(
        read_only=True, help_text="What is followed, for people: its code and name."
    )

    class Meta:
        model = Follow
        fields = ("id", "kind", "target", "target_label", "created_at")

    @extend_schema_field(OpenApiTypes.STR)
    def get_target(self, follow: Follow) -> str:
        if follow.kind == FollowKind.HS_CHAPTER:
            return follow.hs_chapter
        if follow.barrier is not None:
            return follow.barrier.reference
        if follow.hs_code is not None:
            return follow.hs_code.code
        if follow.country is not None:
            return follow.country.code
        if follow.regulator is not None:
            return follow.regulator.code
        return follow.saved_search.name if follow.saved_search is not None else ""


class FollowCreateSerializer(serializers.Serializer):
    """What to follow: its kind, and its code, reference or name."""

    kind = serializers.ChoiceField(choices=FOLLOW_KINDS_TO_CREATE)
    target = StrictCharField(
        max_length=200,
        help_text=(
            "A barrier's reference (BAR-2026-0042; only a barrier behind one of your company's "
            "accepted reports, unless you are an official), an HS code (080450), a two-digit HS "
            "chapter (08), a country's code or name (KZ), or a regulator's code, abbreviation "
            "or name (Rosselkhoznadzor)."
        ),
    )


class FollowSettingsSerializer(serializers.Serializer):
    """How often the digest e-mail of new notifications goes out."""

    frequency = serializers.ChoiceField(choices=DigestFrequency.choices)


class NotificationSerializer(serializers.ModelSerializer):
    """Something that happened to a barrier the user follows (or that a follow of theirs
    matches)."""

    kind = serializers.ChoiceField(
        source="event.kind", choices=FollowEventKind.choices, read_only=True
    )
    text = serializers.CharField(read_only=True, help_text="What happened, as you may read it.")
    barrier = serializers.CharField(
        source="event.barrier.reference", read_only=True, help_text="The barrier's reference."
    )
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ("id", "kind", "text", "barrier", "created_at", "read", "read_at")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationsReadSerializer(serializers.Serializer):
    ids = ReasonsListField(
        child=StrictIntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=1000,
        help_text="The notifications to mark read; left out: all of yours.",
    )


class NotificationsReadResultSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(
        help_text="How many of your unread notifications are now read."
    )


FollowValidationError = validation_error_serializer("FollowValidationError", ["kind", "target"])
FollowSettingsValidationError = validation_error_serializer(
    "FollowSettingsValidationError", ["frequency"]
)
NotificationFilterError = validation_error_serializer(
    "NotificationFilterError", ["unread", "page", "page_size"], query=True
)
NotificationsReadValidationError = validation_error_serializer(
    "NotificationsReadValidationError", ["ids"]
)


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


class FollowingView(APIView):
    """The following operations are the user's own: focal points of an EAEU regulator get 403."""

    permission_classes = (IsAuthenticated, NotForFocalPoints)
    parser_classes = (JSONParser,)
    # The service names the target `value` (the pages' field).
    domain_error_fields = {"value": "target"}


@extend_schema_view(
    get=documented(
        summary="List what you follow",
        description=(
            "Your follows only, by kind then oldest first. Focal points of an EAEU regulator "
            "get 403."
        ),
        responses={200: FollowSerializer(many=True)},
        validation=PageError,
        errors=(403, 404),
    )
)
class FollowListView(FollowingView, generics.ListAPIView):
    """List the user's follows; follow something."""

    serializer_class = FollowSerializer
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Follow]:
        if getattr(self, "swagger_fake_view", False):
            return Follow.objects.none()
        return selectors.follows_for_viewer(viewer=signed_in_user(self.request.user))

    @documented(
        summary="Follow something",
        description=(
            "Follow a barrier, an HS code or chapter, a country or a regulator, the same as on "
            "the following page. Following something you already follow answers 200 with the "
            "existing follow (201 when it is new). A kind or target that is not valid answers "
            "400 naming the field and the reason, and nothing is saved."
        ),
        request=FollowCreateSerializer,
        responses={201: FollowSerializer, 200: FollowSerializer},
        validation=FollowValidationError,
        errors=(403, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = FollowCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = services.follow_action(
            actor=signed_in_user(request.user),
            action=services.FollowAction.ADD,
            data={
                "kind": serializer.validated_data["kind"],
                "value": serializer.validated_data["target"],
            },
        )
        assert done.follow is not None  # the add action always returns its follow
        body = FollowSerializer(done.follow).data
        if not done.created:
            return Response(body)
        location = reverse("api-follow-detail", kwargs={"follow_id": done.follow.pk})
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class FollowDetailView(FollowingView):
    """One of the user's follows: read it, stop following."""

    def viewer_follow(self, follow_id: str) -> Follow:
        follow = None
        if follow_id.isascii() and follow_id.isdigit() and int(follow_id) < 2**63:
            follow = selectors.follow_get_for_viewer(
                viewer=signed_in_user(self.request.user), follow_id=int(follow_id)
            )
        if follow is None:
            raise NotFound()
        return follow

    @documented(
        summary="Read one of your follows",
        parameters=[FOLLOW_ID],
        responses={200: FollowSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, follow_id: str) -> Response:
        return Response(FollowSerializer(self.viewer_follow(follow_id)).data)

    @documented(
        summary="Stop following",
        description="Another user's follow answers 404, like one that does not exist.",
        parameters=[FOLLOW_ID],
        responses={204: None},
        errors=(403, 404),
    )
    def delete(self, request: Request, follow_id: str) -> Response:
        follow = self.viewer_follow(follow_id)
        services.follow_action(
            actor=signed_in_user(request.user),
            action=services.FollowAction.REMOVE,
            data={"follow": follow.pk},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class FollowSettingsView(FollowingView):
    """How often the user's digest e-mail goes out."""

    @documented(
        summary="Read how often your digest e-mail goes out",
        description="`immediately` until you choose.",
        responses={200: FollowSettingsSerializer},
        errors=(403,),
    )
    def get(self, request: Request) -> Response:
        frequency = selectors.follow_frequency(user=signed_in_user(request.user))
        return Response(FollowSettingsSerializer({"frequency": frequency}).data)

    @documented(
        summary="Choose how often your digest e-mail goes out",
        description=(
            "`immediately`, `daily`, `weekly`, or `never` (notifications are still listed)."
        ),
        request=FollowSettingsSerializer,
        responses={200: FollowSettingsSerializer},
        validation=FollowSettingsValidationError,
        errors=(403, 415),
    )
    def put(self, request: Request) -> Response:
        serializer = FollowSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = services.follow_action(
            actor=signed_in_user(request.user),
            action=services.FollowAction.FREQUENCY,
            data=serializer.validated_data,
        )
        assert done.settings is not None  # the frequency action always returns its row
        return Response(FollowSettingsSerializer(done.settings).data)


@extend_schema_view(
    get=documented(
        summary="List your notifications",
        description=(
            "Newest first, in pages: what happened to the barriers you follow (or that your "
            "follows match). Your notifications only."
        ),
        parameters=[
            OpenApiParameter(
                "unread",
                OpenApiTypes.BOOL,
                description="`true`: only the notifications not yet marked read.",
            )
        ],
        responses={200: NotificationSerializer(many=True)},
        validation=NotificationFilterError,
        errors=(403, 404),
    )
)
class NotificationListView(FollowingView, generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread", "")
        if unread not in {"", "true", "false"}:
            raise ValidationError({"unread": ["Give true or false."]})
        rows = selectors.notifications_for_viewer(viewer=signed_in_user(self.request.user))
        return rows.filter(read_at__isnull=True) if unread == "true" else rows


class NotificationsReadView(FollowingView):
    @documented(
        summary="Mark your notifications read",
        description=(
            "The notifications given by `ids`, or all of yours without it. Ids that are not "
            "among your unread notifications are left alone (they are not counted)."
        ),
        request=NotificationsReadSerializer,
        responses={200: NotificationsReadResultSerializer},
        validation=NotificationsReadValidationError,
        errors=(403, 415),
        idempotent=True,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = NotificationsReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids: Any = serializer.validated_data.get("ids")
        count = services.notifications_mark_read(
            actor=signed_in_user(request.user), notification_ids=ids
        )
        return Response(NotificationsReadResultSerializer({"marked_read": count}).data)
