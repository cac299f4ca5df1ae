"""Signing in and out of the JSON API with a token (orgs.tokens)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api import ErrorSerializer, ScopedThrottle

from .services import accounts
from .tokens import TokenAuthentication, must_change_message


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires = serializers.DateTimeField()


class LoginView(APIView):
    """Exchange a username and password for a new API token (throttled).

    Every login issues a token of its own (a phone and a tablet each keep
    theirs); it lasts API_TOKEN_HOURS, until logout, a password change, a
    deactivation, and is refused while the account is locked out."""

    # Reads no token or session: the credentials are the body.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            403: OpenApiResponse(
                ErrorSerializer, description="The password was reset and must be changed first"
            ),
        },
    )
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        if user.must_change_password:
            raise exceptions.PermissionDenied(must_change_message())
        token, key = accounts.issue_token(user=user)
        return Response(TokenSerializer({"token": key, "expires": token.expires_at}).data)


class LogoutView(APIView):
    """End the token this request was made with (the device logs out); the
    account's other devices keep theirs."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        accounts.revoke_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
