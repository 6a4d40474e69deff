"""Reference data: HS codes (searchable), regulators, barrier kinds and countries.

Views parse the request, call one selector or service and render the result.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import generics

from barriers import selectors
from barriers.api import exchange_serializers as xs
from barriers.api import serializers as s
from barriers.api.pagination import PageError, Pagination
from barriers.api.schema import documented
from barriers.models import (
    BarrierKind,
    Country,
    HSCode,
    LegalBasis,
    Regulator,
)

HS_CODE_SEARCH_LIMIT = 200


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=documented(
        summary="Find HS codes",
        description=(
            f"HS 2022 subheadings, best matches first (at most {HS_CODE_SEARCH_LIMIT}), in "
            f"pages. Digits list the subheadings whose code starts with them (`0306`: the "
            f"crustaceans) in code order; words find subheadings by their English or Russian "
            f"description or their heading's or chapter's, in any word form (`shrimps`, "
            f"`креветки`). Each subheading comes with its heading and chapter."
        ),
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description=(
                    "Digits the code starts with, or words of the description (English or "
                    "Russian). Blank: every subheading in code order."
                ),
            )
        ],
        responses={200: s.HSCodeSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class HSCodeListView(generics.ListAPIView):
    serializer_class = s.HSCodeSerializer
    pagination_class = Pagination
    filter_backends = ()

    def get_queryset(self) -> list[HSCode]:  # type: ignore[override]
        # PostgreSQL text cannot hold NUL characters.
        text = self.request.query_params.get("search", "")[:200].replace("\x00", "")
        return selectors.hs_codes_search(text=text, limit=HS_CODE_SEARCH_LIMIT)


@extend_schema_view(
    get=documented(
        summary="List the EAEU regulators",
        responses={200: s.RegulatorSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class RegulatorListView(generics.ListAPIView):
    queryset = Regulator.objects.all()
    serializer_class = s.RegulatorSerializer
    pagination_class = Pagination
    filter_backends = ()


@extend_schema_view(
    get=documented(
        summary="List the barrier kinds and their usual decision times",
        responses={200: s.BarrierKindSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class BarrierKindListView(generics.ListAPIView):
    queryset = BarrierKind.objects.all()
    serializer_class = s.BarrierKindSerializer
    pagination_class = Pagination
    filter_backends = ()


@extend_schema_view(
    get=documented(
        summary="List the destination countries (EAEU member states)",
        responses={200: s.CountrySerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class CountryListView(generics.ListAPIView):
    queryset = Country.objects.all()
    serializer_class = s.CountrySerializer
    pagination_class = Pagination
    filter_backends = ()


@extend_schema_view(
    get=documented(
        summary="List the legal bases a regulator's position may cite",
        description=(
            "Technical regulations of the Customs Union and EAEU and decisions of the Eurasian "
            "Economic Commission (TR CU 021/2011, EEC Council Decision 94...), in their order; "
            "a position names one by `code`."
        ),
        responses={200: xs.LegalBasisSerializer(many=True)},
        validation=PageError,
        errors=(404,),
    )
)
class LegalBasisListView(generics.ListAPIView):
    queryset = LegalBasis.objects.order_by("position", "code")
    serializer_class = xs.LegalBasisSerializer
    pagination_class = Pagination
    filter_backends = ()
