"""Plain words for "the service could not be reached", shared by the client and the doctor.

httpx reports every way a connection fails as a few exception types whose chained causes say
what really happened (a name that does not resolve, a refused connection, an untrusted
certificate...). `explain` walks that chain and says what it means and what to check.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum

import httpx


class FailureKind(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    CONNECT_TIMEOUT = "connect-timeout"
    TLS_UNTRUSTED = "tls-untrusted"
    TLS_NOT_SPOKEN = "tls-not-spoken"
    TLS = "tls"
    READ_TIMEOUT = "read-timeout"
    DISCONNECTED = "disconnected"
    OTHER = "other"


# Failures a retry a moment later will not cure.
PERSISTENT = frozenset(
    {FailureKind.DNS, FailureKind.TLS_UNTRUSTED, FailureKind.TLS_NOT_SPOKEN, FailureKind.TLS}
)

DNS_ADVICE = "check serviceurl (config.yaml or FATECLOUD_SERVICEURL) and /etc/hosts"
REFUSED_ADVICE = (
    "nothing listens there: is the KubeFATE service running "
    "(kubectl -n kube-fate get pods), and is the port right?"
)
TIMEOUT_ADVICE = "a firewall drops the packets, or the address is wrong"
TLS_UNTRUSTED_ADVICE = (
    "give the CA bundle that signed the service's certificate (--ca-bundle), or check that "
    "safeconnect should be on"
)
TLS_NOT_SPOKEN_ADVICE = "the port speaks plain HTTP: set safeconnect: false (or use http://)"
READ_TIMEOUT_ADVICE = "the service accepted the connection but did not answer: is it hung?"
DISCONNECTED_ADVICE = "the service closed the connection (did it restart?); try again"


@dataclass(frozen=True, slots=True)
class TransportFailure:
    kind: FailureKind
    detail: str  # what happened, in a few words
    advice: str  # what to check

    def sentence(self) -> str:
        return f"{self.detail}; {self.advice}" if self.advice else self.detail


def causes(error: BaseException) -> list[BaseException]:
    """The error and everything it was raised from, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def explain(
    error: BaseException, *, host: str, port: int, timeout: float = 0.0
) -> TransportFailure:
    """What a connection or request failure means, for `host:port`."""
    chain = causes(error)
    where = f"{host}:{port}"
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return TransportFailure(
                FailureKind.DNS,
                f"the host name {host!r} does not resolve ({cause.strerror or cause})",
                DNS_ADVICE,
            )
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or cause.reason or str(cause)
            return TransportFailure(
                FailureKind.TLS_UNTRUSTED,
                f"the TLS certificate of {where} is not trusted ({reason})",
                TLS_UNTRUSTED_ADVICE,
            )
        if isinstance(cause, ssl.SSLError):
            text = f"{cause.reason or ''} {cause}".lower()
            if (
                "wrong_version_number" in text
                or "wrong version number" in text
                or ("record layer" in text)
            ):
                return TransportFailure(
                    FailureKind.TLS_NOT_SPOKEN,
                    f"{where} does not speak TLS ({cause.reason or cause})",
                    TLS_NOT_SPOKEN_ADVICE,
                )
            return TransportFailure(
                FailureKind.TLS,
                f"the TLS handshake with {where} failed ({cause})",
                TLS_UNTRUSTED_ADVICE,
            )
        if isinstance(cause, ConnectionRefusedError):
            return TransportFailure(
                FailureKind.REFUSED, f"connection to {where} refused", REFUSED_ADVICE
            )
    if isinstance(error, httpx.ConnectTimeout | TimeoutError) and not isinstance(
        error, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout
    ):
        within = f" within {timeout:g} s" if timeout else ""
        return TransportFailure(
            FailureKind.CONNECT_TIMEOUT, f"no answer from {where}{within}", TIMEOUT_ADVICE
        )
    if isinstance(error, httpx.TimeoutException):
        within = f" within {timeout:g} s" if timeout else ""
        return TransportFailure(
            FailureKind.READ_TIMEOUT, f"{where} sent no answer{within}", READ_TIMEOUT_ADVICE
        )
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return TransportFailure(
            FailureKind.DISCONNECTED,
            f"the connection to {where} closed before an answer",
            DISCONNECTED_ADVICE,
        )
    for cause in chain:
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return TransportFailure(
                FailureKind.DISCONNECTED, f"{where} reset the connection", DISCONNECTED_ADVICE
            )
    if isinstance(error, httpx.ConnectError):
        innermost = chain[-1]
        text = getattr(innermost, "strerror", None) or str(innermost) or type(innermost).__name__
        return TransportFailure(
            FailureKind.OTHER,
            f"cannot connect to {where} ({text})",
            "check serviceurl and the network between here and the service",
        )
    text = str(error) or type(error).__name__
    return TransportFailure(FailureKind.OTHER, text, "")
