"""Reading the metadata blocks of a spec and of its operations, for ``gen_sdk.ir.build``.

``MetadataReader`` reads what an SDK documents or looks up but does not send: error codes (of
an operation, and the top-level list), ``staticInfo``, RAM (an operation's ``ramActions``, the
top-level ``ram``), change sets, flow control, ``eventInfo``, ``systemTags``, and the
top-level ``directories`` and ``endpoints``. None of it is ever an error: an entry missing what
identifies it is skipped, any other bad value ignored.
"""

from __future__ import annotations

from gen_sdk.ir.model import (
    ChangeRecord,
    Directory,
    Endpoint,
    ErrorCode,
    EventInfo,
    FlowControl,
    RamAction,
    RamCondition,
    RamInfo,
    RamResource,
    StaticInfo,
    SystemTags,
)
from gen_sdk.ir.reading import (
    IGNORED_KEYS,
    MAX_DEPTH,
    NO_VALUE,
    Raw,
    ShapeReader,
    describe,
    index_path,
    key_path,
    to_int_or_text,
)

_ERROR_CODE_KEYS = frozenset({"errorCode", "errorMessage", "description"})
_SPEC_ERROR_CODE_KEYS = frozenset({"code", "message", "http_code", "description"})
_STATIC_INFO_KEYS = frozenset(
    {
        "returnType",
        "substitutions",
        "noSubstitutionReason",
        "callback",
        "callbackInterval",
        "maxCallbackTimes",
    }
)
_DIRECTORY_KEYS = frozenset({"id", "title", "type", "children"})
_ENDPOINT_KEYS = frozenset(
    {"regionId", "endpoint", "public", "vpc", "regionName", "areaId", "areaName"}
)
_CHANGE_KEYS = frozenset({"createdAt", "description", "apis"})
_CHANGE_API_KEYS = frozenset({"api", "description"})
_FLOW_CONTROL_KEYS = frozenset({"flowControlList"})
_FLOW_CONTROL_ENTRY_KEYS = frozenset({"threshold", "countWindow", "regionId", "api"})
_EVENT_INFO_KEYS = frozenset({"enable", "eventNames"})
_SYSTEM_TAGS_KEYS = (
    frozenset({"operationType", "riskType", "chargeType", "tenantRelevance"})
    | IGNORED_KEYS["systemTags"]
)
_RAM_KEYS = (
    frozenset({"productCode", "productName", "ramCodes", "ramLevel", "ramConditions", "ramActions"})
    | IGNORED_KEYS["ram"]
)
_RAM_CONDITION_KEYS = frozenset({"name", "schema"})
_RAM_CONDITION_SCHEMA_KEYS = frozenset({"type", "description", "enums"})
#: An entry of an operation's ``ramActions`` (``apiName``/``description``: of ``ram.ramActions``).
_RAM_ENTRY_KEYS = (
    frozenset({"apiName", "description", "operationType", "ramAction"})
    | IGNORED_KEYS["ramActions[]"]
)
_RAM_ACTION_KEYS = frozenset({"action", "authLevel", "actionConditions", "resources"})
_RAM_ACTION_CONDITION_KEYS = frozenset({"conditionKey"}) | IGNORED_KEYS["actionConditions[]"]
_RAM_RESOURCE_KEYS = frozenset({"validationType", "product", "resourceType", "arn"})


class MetadataReader(ShapeReader):
    """Error codes, static info, RAM, change sets, flow control, event info, system tags,
    directories, endpoints."""

    def __init__(self, source: str | None) -> None:
        super().__init__(source)
        #: The names in ``apis`` (directories list operations by name).
        self.operation_names: set[str] = set()

    # --- error codes, static info, RAM, change sets, flow control, tags ---------------------

    def error_codes(self, rec: Raw, path: str) -> tuple[ErrorCode, ...]:
        """An operation's ``errorCodes``: status -> [{errorCode, errorMessage, description}]."""
        if rec.get("errorCodes") is None:
            return ()
        codes_path = key_path(path, "errorCodes")
        result: list[ErrorCode] = []
        for status, raw in self.entries(rec["errorCodes"], codes_path, "'errorCodes'"):
            status_path = key_path(codes_path, status)
            if not isinstance(status, int) or isinstance(status, bool):
                self.warn(
                    status_path,
                    f"errorCodes key {status!r} is not an HTTP status code; ignored",
                    "unknown-value",
                )
                continue
            for entry, item_path in self.records(
                raw, status_path, "an error code list", "an error code"
            ):
                self.check_keys(entry, item_path, _ERROR_CODE_KEYS, "error code")
                problems: list[tuple[str, str]] = []
                code = self.needed_str(entry, item_path, "errorCode", "error code", problems)
                if self.report(problems, "skipped", "metadata-skipped") or code is None:
                    continue
                result.append(
                    ErrorCode(
                        http_status=status,
                        code=code,
                        message=self.str_(entry, item_path, "errorMessage"),
                        description=self.str_(entry, item_path, "description"),
                    )
                )
        return tuple(result)

    def spec_error_codes(self, rec: Raw) -> tuple[ErrorCode, ...]:
        """The top-level ``errorCodes``: [{code, message, http_code, description}]."""
        if rec.get("errorCodes") is None:
            return ()
        result: list[ErrorCode] = []
        for entry, item_path in self.records(
            rec["errorCodes"], "errorCodes", "'errorCodes'", "an error code"
        ):
            self.check_keys(entry, item_path, _SPEC_ERROR_CODE_KEYS, "error code")
            problems: list[tuple[str, str]] = []
            code = self.needed_str(entry, item_path, "code", "error code", problems)
            status = entry.get("http_code")
            if status is None:
                problems.append((item_path, "error code has no 'http_code'"))
            elif to_int_or_text(status) is NO_VALUE:
                problems.append(
                    (
                        key_path(item_path, "http_code"),
                        f"'http_code' must be an integer, got {describe(status)}",
                    )
                )
            if self.report(problems, "skipped", "metadata-skipped") or code is None:
                continue
            result.append(
                ErrorCode(
                    http_status=to_int_or_text(status),
                    code=code,
                    message=self.str_(entry, item_path, "message"),
                    description=self.str_(entry, item_path, "description"),
                )
            )
        return tuple(result)

    def static_info(self, rec: Raw, path: str) -> StaticInfo | None:
        found = self.block(rec, path, "staticInfo", _STATIC_INFO_KEYS)
        if found is None:
            return None
        info, info_path = found
        return StaticInfo(
            return_type=self.str_(info, info_path, "returnType"),
            substitutions=self.strings(info, info_path, "substitutions"),
            no_substitution_reason=self.str_(info, info_path, "noSubstitutionReason"),
            callback=self.str_(info, info_path, "callback"),
            callback_interval=self.int_(info, info_path, "callbackInterval"),
            max_callback_times=self.int_(info, info_path, "maxCallbackTimes"),
        )

    def ram_action(self, entry: Raw, path: str) -> RamAction | None:
        """One ``ramActions`` entry (``{operationType, ramAction: {...}}``, plus ``apiName`` and
        ``description`` in ``ram.ramActions``); ``None`` (after a warning) without an action."""
        self.check_keys(entry, path, _RAM_ENTRY_KEYS, "RAM action entry")
        action_path = key_path(path, "ramAction")
        raw_action = entry.get("ramAction")
        if raw_action is None:
            self.warn(path, "RAM action entry has no 'ramAction'; skipped", "metadata-skipped")
            return None
        action = self.record(raw_action, action_path, "'ramAction'", "skipped", "metadata-skipped")
        if action is None:
            return None
        self.check_keys(action, action_path, _RAM_ACTION_KEYS, "'ramAction'")
        problems: list[tuple[str, str]] = []
        name = self.needed_str(action, action_path, "action", "'ramAction'", problems)
        if self.report(problems, "skipped", "metadata-skipped") or name is None:
            return None
        conditions: list[str] = []
        if action.get("actionConditions") is not None:
            conditions_path = key_path(action_path, "actionConditions")
            for condition, item_path in self.records(
                action["actionConditions"],
                conditions_path,
                "'actionConditions'",
                "an action condition",
            ):
                self.check_keys(
                    condition, item_path, _RAM_ACTION_CONDITION_KEYS, "action condition"
                )
                missing: list[tuple[str, str]] = []
                key = self.needed_str(
                    condition, item_path, "conditionKey", "action condition", missing
                )
                if self.report(missing, "skipped", "metadata-skipped") or key is None:
                    continue
                conditions.append(key)
        resources: list[RamResource] = []
        if action.get("resources") is not None:
            resources_path = key_path(action_path, "resources")
            for resource, item_path in self.records(
                action["resources"], resources_path, "'resources'", "a RAM resource"
            ):
                self.check_keys(resource, item_path, _RAM_RESOURCE_KEYS, "RAM resource")
                resources.append(
                    RamResource(
                        validation_type=self.str_(resource, item_path, "validationType"),
                        product=self.str_(resource, item_path, "product"),
                        resource_type=self.str_(resource, item_path, "resourceType"),
                        arn=self.str_(resource, item_path, "arn"),
                    )
                )
        return RamAction(
            action=name,
            auth_level=self.str_(action, action_path, "authLevel"),
            operation_type=self.str_(entry, path, "operationType"),
            description=self.str_(entry, path, "description"),
            conditions=tuple(conditions),
            resources=tuple(resources),
        )

    def operation_ram_actions(self, rec: Raw, path: str) -> tuple[RamAction, ...]:
        if rec.get("ramActions") is None:
            return ()
        result: list[RamAction] = []
        for entry, item_path in self.records(
            rec["ramActions"], key_path(path, "ramActions"), "'ramActions'", "a RAM action entry"
        ):
            action = self.ram_action(entry, item_path)
            if action is not None:
                result.append(action)
        return tuple(result)

    def ram(self, rec: Raw) -> RamInfo | None:
        found = self.block(rec, "", "ram", _RAM_KEYS)
        if found is None:
            return None
        ram, ram_path = found
        conditions: list[RamCondition] = []
        if ram.get("ramConditions") is not None:
            for condition, item_path in self.records(
                ram["ramConditions"],
                key_path(ram_path, "ramConditions"),
                "'ramConditions'",
                "a RAM condition",
            ):
                self.check_keys(condition, item_path, _RAM_CONDITION_KEYS, "RAM condition")
                problems: list[tuple[str, str]] = []
                name = self.needed_str(condition, item_path, "name", "RAM condition", problems)
                if self.report(problems, "skipped", "metadata-skipped") or name is None:
                    continue
                schema: Raw = {}
                if condition.get("schema") is not None:
                    schema_path = key_path(item_path, "schema")
                    schema = self.record(condition["schema"], schema_path, "'schema'") or {}
                    self.check_keys(schema, schema_path, _RAM_CONDITION_SCHEMA_KEYS, "'schema'")
                else:
                    schema_path = item_path
                conditions.append(
                    RamCondition(
                        name=name,
                        type=self.str_(schema, schema_path, "type"),
                        description=self.str_(schema, schema_path, "description"),
                        enums=self.strings(schema, schema_path, "enums"),
                    )
                )
        actions: dict[str, RamAction] = {}
        if ram.get("ramActions") is not None:
            for entry, item_path in self.records(
                ram["ramActions"],
                key_path(ram_path, "ramActions"),
                "'ramActions'",
                "a RAM action entry",
            ):
                problems = []
                api = self.needed_str(entry, item_path, "apiName", "RAM action entry", problems)
                if self.report(problems, "skipped", "metadata-skipped") or api is None:
                    continue
                if api in actions:
                    self.warn(
                        key_path(item_path, "apiName"),
                        f"a second RAM action entry for {api!r}; skipped (the first is kept)",
                        "metadata-skipped",
                    )
                    continue
                action = self.ram_action(entry, item_path)
                if action is not None:
                    actions[api] = action
        return RamInfo(
            product_code=self.str_(ram, ram_path, "productCode"),
            product_name=self.str_(ram, ram_path, "productName"),
            ram_codes=self.strings(ram, ram_path, "ramCodes"),
            ram_level=self.str_(ram, ram_path, "ramLevel"),
            conditions=tuple(conditions),
            actions=actions,
        )

    def change_set(self, rec: Raw, path: str) -> tuple[ChangeRecord, ...]:
        """``changeSet``: [{createdAt, description}] (operations); the top-level records also
        list the operations they changed, ``apis: [{api, description}]``."""
        if rec.get("changeSet") is None:
            return ()
        result: list[ChangeRecord] = []
        for change, item_path in self.records(
            rec["changeSet"], key_path(path, "changeSet"), "'changeSet'", "a change record"
        ):
            self.check_keys(change, item_path, _CHANGE_KEYS, "change record")
            apis: list[tuple[str, str]] = []
            if change.get("apis") is not None:
                for entry, entry_path in self.records(
                    change["apis"], key_path(item_path, "apis"), "'apis'", "a changed API"
                ):
                    self.check_keys(entry, entry_path, _CHANGE_API_KEYS, "changed API")
                    problems: list[tuple[str, str]] = []
                    api = self.needed_str(entry, entry_path, "api", "changed API", problems)
                    if self.report(problems, "skipped", "metadata-skipped") or api is None:
                        continue
                    apis.append((api, self.str_(entry, entry_path, "description") or ""))
            result.append(
                ChangeRecord(
                    created_at=self.str_(change, item_path, "createdAt"),
                    description=self.str_(change, item_path, "description"),
                    apis=tuple(apis),
                )
            )
        return tuple(result)

    def flow_control(self, rec: Raw, path: str) -> tuple[FlowControl, ...]:
        """``flowControl.flowControlList``: [{threshold ("100"), countWindow, regionId, api}]."""
        found = self.block(rec, path, "flowControl", _FLOW_CONTROL_KEYS)
        if found is None or found[0].get("flowControlList") is None:
            return ()
        block, block_path = found
        result: list[FlowControl] = []
        for entry, item_path in self.records(
            block["flowControlList"],
            key_path(block_path, "flowControlList"),
            "'flowControlList'",
            "a flow control",
        ):
            self.check_keys(entry, item_path, _FLOW_CONTROL_ENTRY_KEYS, "flow control")
            threshold = self.get(
                entry, item_path, "threshold", to_int_or_text, "an integer (or its text)"
            )
            count_window = self.get(
                entry, item_path, "countWindow", to_int_or_text, "an integer (or its text)"
            )
            result.append(
                FlowControl(
                    threshold=None if threshold is NO_VALUE else threshold,
                    count_window=None if count_window is NO_VALUE else count_window,
                    region_id=self.str_(entry, item_path, "regionId"),
                    api=self.str_(entry, item_path, "api"),
                )
            )
        return tuple(result)

    def event_info(self, rec: Raw, path: str) -> EventInfo | None:
        found = self.block(rec, path, "eventInfo", _EVENT_INFO_KEYS)
        if found is None:
            return None
        info, info_path = found
        return EventInfo(
            enabled=bool(self.bool_(info, info_path, "enable")),
            event_names=self.strings(info, info_path, "eventNames"),
        )

    def system_tags(self, rec: Raw, path: str) -> SystemTags | None:
        found = self.block(rec, path, "systemTags", _SYSTEM_TAGS_KEYS)
        if found is None:
            return None
        tags, tags_path = found
        return SystemTags(
            operation_type=self.str_(tags, tags_path, "operationType"),
            risk_type=self.str_(tags, tags_path, "riskType"),
            charge_type=self.str_(tags, tags_path, "chargeType"),
            tenant_relevance=self.str_(tags, tags_path, "tenantRelevance"),
        )

    # --- directories and endpoints ----------------------------------------------------------

    def directory_children(self, value: object, path: str) -> tuple[Directory | str, ...]:
        """Never an error: whatever is malformed is skipped (a missing title is ``""``)."""
        if path.count(".children") >= MAX_DEPTH:
            self.warn(
                path,
                f"directories nested more than {MAX_DEPTH} levels deep; ignored",
                "directory-malformed",
            )
            return ()
        result: list[Directory | str] = []
        for index, raw in enumerate(self.sequence(value, path, "directory children")):
            item_path = index_path(path, index)
            if isinstance(raw, str):
                if raw not in self.operation_names:
                    self.warn(
                        item_path,
                        f"directory lists unknown operation {raw!r}",
                        "directory-unknown-operation",
                    )
                result.append(raw)
                continue
            rec = self.record(
                raw,
                item_path,
                "a directory entry (mapping or operation name)",
                "skipped",
                "directory-malformed",
            )
            if rec is None:
                continue
            self.check_keys(rec, item_path, _DIRECTORY_KEYS, "directory")
            kind = self.str_(rec, item_path, "type")
            if kind is not None and kind != "directory":
                self.warn(
                    key_path(item_path, "type"),
                    f"unknown directory type {kind!r}",
                    "directory-malformed",
                )
            title = self.str_(rec, item_path, "title", "titled ''", "directory-malformed")
            if title is None and rec.get("title") is None:
                self.warn(item_path, "directory has no 'title'; titled ''", "directory-malformed")
            children: tuple[Directory | str, ...] = ()
            if rec.get("children") is not None:
                children = self.directory_children(rec["children"], key_path(item_path, "children"))
            result.append(
                Directory(id=self.int_(rec, item_path, "id"), title=title or "", children=children)
            )
        return tuple(result)

    def endpoint(self, value: object, path: str) -> Endpoint | None:
        rec = self.record(value, path, "an endpoint", "skipped", "endpoint-dropped")
        if rec is None:
            return None
        self.check_keys(rec, path, _ENDPOINT_KEYS, "endpoint")
        problems: list[tuple[str, str]] = []
        region = self.needed_str(rec, path, "regionId", "endpoint", problems)
        public = self.str_(rec, path, "public")
        host: str | None
        if rec.get("endpoint") is None and public is not None:
            self.warn(
                path,
                "endpoint has no 'endpoint'; its 'public' host is used",
                "endpoint-public-host",
            )
            host = public
        else:
            host = self.needed_str(rec, path, "endpoint", "endpoint", problems)
        if (
            self.report(problems, "endpoint dropped", "endpoint-dropped")
            or region is None
            or host is None
        ):
            return None
        return Endpoint(
            region_id=region,
            endpoint=host,
            public=public,
            vpc=self.str_(rec, path, "vpc"),
            region_name=self.str_(rec, path, "regionName"),
            area_id=self.str_(rec, path, "areaId"),
            area_name=self.str_(rec, path, "areaName"),
        )
