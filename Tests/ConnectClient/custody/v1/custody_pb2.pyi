import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REQUEST_STATE_UNSPECIFIED: _ClassVar[RequestState]
    REQUEST_STATE_PENDING_APPROVAL: _ClassVar[RequestState]
    REQUEST_STATE_APPROVED: _ClassVar[RequestState]
    REQUEST_STATE_SIGNING: _ClassVar[RequestState]
    REQUEST_STATE_SIGNED: _ClassVar[RequestState]
    REQUEST_STATE_REJECTED: _ClassVar[RequestState]
    REQUEST_STATE_CANCELLED: _ClassVar[RequestState]
    REQUEST_STATE_EXPIRED: _ClassVar[RequestState]
    REQUEST_STATE_FAILED: _ClassVar[RequestState]

class WalletTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WALLET_TIER_UNSPECIFIED: _ClassVar[WalletTier]
    WALLET_TIER_HOT: _ClassVar[WalletTier]
    WALLET_TIER_WARM: _ClassVar[WalletTier]
    WALLET_TIER_COLD: _ClassVar[WalletTier]
REQUEST_STATE_UNSPECIFIED: RequestState
REQUEST_STATE_PENDING_APPROVAL: RequestState
REQUEST_STATE_APPROVED: RequestState
REQUEST_STATE_SIGNING: RequestState
REQUEST_STATE_SIGNED: RequestState
REQUEST_STATE_REJECTED: RequestState
REQUEST_STATE_CANCELLED: RequestState
REQUEST_STATE_EXPIRED: RequestState
REQUEST_STATE_FAILED: RequestState
WALLET_TIER_UNSPECIFIED: WalletTier
WALLET_TIER_HOT: WalletTier
WALLET_TIER_WARM: WalletTier
WALLET_TIER_COLD: WalletTier

class DigestWithdrawal(_message.Message):
    __slots__ = ("digest", "asset", "amount", "destination")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    digest: bytes
    asset: str
    amount: int
    destination: str
    def __init__(self, digest: _Optional[bytes] = ..., asset: _Optional[str] = ..., amount: _Optional[int] = ..., destination: _Optional[str] = ...) -> None: ...

class SigningRequest(_message.Message):
    __slots__ = ("id", "wallet_id", "idempotency_key", "state", "psbt", "digest_withdrawal", "asset", "amount", "destination", "memo", "reason", "signature", "signed_psbt", "created_at", "updated_at", "expires_at", "not_before", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PSBT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_WITHDRAWAL_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    MEMO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_PSBT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    NOT_BEFORE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    wallet_id: str
    idempotency_key: str
    state: RequestState
    psbt: bytes
    digest_withdrawal: DigestWithdrawal
    asset: str
    amount: int
    destination: str
    memo: str
    reason: str
    signature: bytes
    signed_psbt: bytes
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    not_before: _timestamp_pb2.Timestamp
    kind: str
    def __init__(self, id: _Optional[str] = ..., wallet_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., state: _Optional[_Union[RequestState, str]] = ..., psbt: _Optional[bytes] = ..., digest_withdrawal: _Optional[_Union[DigestWithdrawal, _Mapping]] = ..., asset: _Optional[str] = ..., amount: _Optional[int] = ..., destination: _Optional[str] = ..., memo: _Optional[str] = ..., reason: _Optional[str] = ..., signature: _Optional[bytes] = ..., signed_psbt: _Optional[bytes] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., not_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ...) -> None: ...

class CreateWithdrawalRequest(_message.Message):
    __slots__ = ("idempotency_key", "wallet_id", "psbt", "digest_withdrawal", "memo")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    PSBT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_WITHDRAWAL_FIELD_NUMBER: _ClassVar[int]
    MEMO_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    wallet_id: str
    psbt: bytes
    digest_withdrawal: DigestWithdrawal
    memo: str
    def __init__(self, idempotency_key: _Optional[str] = ..., wallet_id: _Optional[str] = ..., psbt: _Optional[bytes] = ..., digest_withdrawal: _Optional[_Union[DigestWithdrawal, _Mapping]] = ..., memo: _Optional[str] = ...) -> None: ...

class CreateWithdrawalResponse(_message.Message):
    __slots__ = ("request", "created")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    request: SigningRequest
    created: bool
    def __init__(self, request: _Optional[_Union[SigningRequest, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetRequestRequest(_message.Message):
    __slots__ = ("request_id",)
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    def __init__(self, request_id: _Optional[str] = ...) -> None: ...

class GetRequestResponse(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: SigningRequest
    def __init__(self, request: _Optional[_Union[SigningRequest, _Mapping]] = ...) -> None: ...

class ListRequestsRequest(_message.Message):
    __slots__ = ("wallet_id", "states", "page_size", "cursor")
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    wallet_id: str
    states: _containers.RepeatedScalarFieldContainer[RequestState]
    page_size: int
    cursor: str
    def __init__(self, wallet_id: _Optional[str] = ..., states: _Optional[_Iterable[_Union[RequestState, str]]] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListRequestsResponse(_message.Message):
    __slots__ = ("requests", "next_cursor")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[SigningRequest]
    next_cursor: str
    def __init__(self, requests: _Optional[_Iterable[_Union[SigningRequest, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class CancelRequestRequest(_message.Message):
    __slots__ = ("request_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelRequestResponse(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: SigningRequest
    def __init__(self, request: _Optional[_Union[SigningRequest, _Mapping]] = ...) -> None: ...

class Wallet(_message.Message):
    __slots__ = ("id", "name", "tier", "asset", "group_key", "address", "balance", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    GROUP_KEY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    tier: WalletTier
    asset: str
    group_key: bytes
    address: str
    balance: int
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., tier: _Optional[_Union[WalletTier, str]] = ..., asset: _Optional[str] = ..., group_key: _Optional[bytes] = ..., address: _Optional[str] = ..., balance: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListWalletsRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListWalletsResponse(_message.Message):
    __slots__ = ("wallets", "next_cursor")
    WALLETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    wallets: _containers.RepeatedCompositeFieldContainer[Wallet]
    next_cursor: str
    def __init__(self, wallets: _Optional[_Iterable[_Union[Wallet, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetWalletRequest(_message.Message):
    __slots__ = ("wallet_id",)
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    wallet_id: str
    def __init__(self, wallet_id: _Optional[str] = ...) -> None: ...

class GetWalletResponse(_message.Message):
    __slots__ = ("wallet",)
    WALLET_FIELD_NUMBER: _ClassVar[int]
    wallet: Wallet
    def __init__(self, wallet: _Optional[_Union[Wallet, _Mapping]] = ...) -> None: ...

class Deposit(_message.Message):
    __slots__ = ("wallet_id", "txid", "vout", "amount", "registered_at")
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    TXID_FIELD_NUMBER: _ClassVar[int]
    VOUT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    wallet_id: str
    txid: str
    vout: int
    amount: int
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, wallet_id: _Optional[str] = ..., txid: _Optional[str] = ..., vout: _Optional[int] = ..., amount: _Optional[int] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterDepositRequest(_message.Message):
    __slots__ = ("wallet_id", "txid", "vout", "amount")
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    TXID_FIELD_NUMBER: _ClassVar[int]
    VOUT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    wallet_id: str
    txid: str
    vout: int
    amount: int
    def __init__(self, wallet_id: _Optional[str] = ..., txid: _Optional[str] = ..., vout: _Optional[int] = ..., amount: _Optional[int] = ...) -> None: ...

class RegisterDepositResponse(_message.Message):
    __slots__ = ("deposit", "created")
    DEPOSIT_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    deposit: Deposit
    created: bool
    def __init__(self, deposit: _Optional[_Union[Deposit, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class WatchRequestsRequest(_message.Message):
    __slots__ = ("cursor", "wait_seconds", "wallet_id", "page_size")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    WALLET_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    wait_seconds: int
    wallet_id: str
    page_size: int
    def __init__(self, cursor: _Optional[str] = ..., wait_seconds: _Optional[int] = ..., wallet_id: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class WatchRequestsResponse(_message.Message):
    __slots__ = ("requests", "cursor")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[SigningRequest]
    cursor: str
    def __init__(self, requests: _Optional[_Iterable[_Union[SigningRequest, _Mapping]]] = ..., cursor: _Optional[str] = ...) -> None: ...
