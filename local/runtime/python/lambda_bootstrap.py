"""Lambda Python runtime client for running functions offline (standard library only, Python 3.8+).

Started as `python3 -u lambda_bootstrap.py` in the function's code directory, with the variables a
Lambda sandbox has (`AWS_LAMBDA_RUNTIME_API`, `_HANDLER`, `LAMBDA_TASK_ROOT`, `AWS_LAMBDA_FUNCTION_*`,
`AWS_LAMBDA_LOG_*`, `AWS_EXECUTION_ENV`). It imports the handler, then long-polls the Lambda Runtime
API for events, calls `handler(event, context)` and posts the result or the error, forever.

It is a port of AWS's own Python runtime, awslambdaric (Apache-2.0: bootstrap.py, lambda_context.py,
lambda_runtime_marshaller.py, lambda_runtime_log_utils.py, lambda_literals.py), and keeps its
behaviour and wording: handler loading and its Runtime.* init errors (posted to /init/error, then
exit 1), the context object, result marshalling (Decimal as a raw number, bytes posted raw as
application/unknown, ensure_ascii off from python3.12), the log line format, the `\\r`-joined
error records and the JSON log format with AWS_LAMBDA_LOG_LEVEL.

The Runtime API is spoken over one keep-alive socket with a minimal HTTP/1.1 client (requests with
Content-Length; responses with Content-Length or chunked), reopened once when the server dropped it;
if it cannot be reached (or /next answers anything but 200) the platform is gone, so the process
says why on stderr and exits with status 1. Not http.client: its header parsing (the email package)
cost ~100 µs per invocation and ~16 ms at start, as much as the rest of the loop.

Known differences from Lambda's runtime:
- Logs go to stdout, not to a framed telemetry descriptor: a multi-line logging record spans lines
  (as with awslambdaric's own stdout sink), and every record ends with a newline. Like the telemetry
  descriptor, records go to the stdout of start-up even if the function swaps `sys.stdout`.
- Results are encoded with the standard json module rather than simplejson: Decimal and bytes
  values encode as simplejson does, but namedtuples encode as arrays (simplejson: objects), bytes
  dict keys are refused, and parse error messages can differ in detail.
- A status other than 202 for a posted result or error (413 past 6 MB, 400 for a stale request id)
  prints a warning and the loop goes on; awslambdaric would crash. A result that cannot be
  encoded as UTF-8 (a lone surrogate) is a Runtime.MarshalError rather than a crash.
- An invocation without a Content-Type header is taken as JSON (awslambdaric passes raw bytes).
- Not reproduced: the X-Ray error-cause header, SnapStart hooks, multi-concurrency, the polling
  thread (not needed: a Python-level recv lets signal handlers run) and the preview-runtime warning.
"""
import importlib
import json
import logging
import os
import sys
import time
import traceback

_NEXT_PATH = "/2018-06-01/runtime/invocation/next"
_INIT_ERROR_PATH = "/2018-06-01/runtime/init/error"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
_ERROR_LOG_LINE_TERMINATE = "\r"
_ERROR_LOG_IDENT = "\u00a0"  # NO-BREAK SPACE U+00A0
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_FATAL_EXIT_CODE = 1

_UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: "
    "Unhandled exception. "
    "The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. "
    "If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)

# Per-invocation state read by the logging filter, and the sinks chosen at start-up.
_REQUEST_ID = None
_TENANT_ID = None
_LOG_JSON = False
_STDOUT = sys.stdout
_STDERR = sys.stderr


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


# ---------------------------------------------------------------------------- handler loading


def _get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(
            FaultException.MALFORMED_HANDLER_NAME,
            "Bad handler '{}': {}".format(handler, str(e)),
        )

    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR,
            "Unable to import module '{}': {}".format(modname, str(e)),
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '{}': {}".format(modname, str(e)),
            trace,
        )

    try:
        return getattr(m, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND,
            "Handler '{}' missing on module '{}'".format(fname, modname),
            None,
        )


# ---------------------------------------------------------------------------- errors


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _user_frames(tb):
    """The traceback's frames less the leading ones of this file (awslambdaric drops its bootstrap.py)."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if frames[i][0] != _THIS_FILE:
            return frames[i:]
    return frames


_THIS_FILE = _user_frames.__code__.co_filename


def build_fault_result(exc_info, msg, invoke_id=None):
    etype, value, tb = exc_info
    return make_error(
        msg if msg else str(value),
        etype.__name__,
        traceback.format_list(_user_frames(tb)),
        invoke_id,
    )


def replace_line_indentation(line, indent_char, new_indent_char):
    count = 0
    for c in line:
        if c != indent_char:
            break
        count += 1
    return (new_indent_char * count) + line[count:]


def log_error(error_result):
    if _LOG_JSON:
        record = {
            "timestamp": time.strftime(_DATETIME_FORMAT, time.gmtime()),
            "log_level": "ERROR",
        }
        record.update(error_result)
        _STDOUT.write(to_json(record) + "\n")
        return

    description = "[ERROR]"
    error_type = error_result.get("errorType")
    if error_type:
        description += " " + error_type
    error_message = error_result.get("errorMessage")
    if error_message:
        if error_type:
            description += ":"
        description += " " + error_message

    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                for trace_line in element.splitlines():
                    lines.append(replace_line_indentation(trace_line, " ", _ERROR_LOG_IDENT))
    _STDOUT.write(_ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


# ---------------------------------------------------------------------------- marshalling


class _DecimalFound(Exception):
    pass


class _Encoder(json.JSONEncoder):
    """awslambdaric's simplejson Encoder on the standard json module: bytes values decode as UTF-8,
    and a Decimal sends the whole value through _DecimalEncoder (the C encoder cannot emit raw text)."""

    def __init__(self, ensure_ascii):
        super().__init__(ensure_ascii=ensure_ascii, allow_nan=True)

    def default(self, o):
        if isinstance(o, bytes):
            return o.decode("utf-8")
        decimal = sys.modules.get("decimal")
        if decimal is not None and isinstance(o, decimal.Decimal):
            raise _DecimalFound()
        return super().default(o)


class _DecimalEncoder(_Encoder):
    """The pure-Python encoder, with a Decimal written as its own text (NaN as NaN), as simplejson's RawJSON."""

    def default(self, o):
        if isinstance(o, bytes):
            return o.decode("utf-8")
        return json.JSONEncoder.default(self, o)

    def iterencode(self, o, _one_shot=False):
        from json import encoder

        Decimal = sys.modules["decimal"].Decimal
        inf = float("inf")

        def floatstr(o, _repr=float.__repr__):
            if isinstance(o, Decimal):
                return "NaN" if o.is_nan() else str(o)
            if o != o:
                return "NaN"
            if o == inf:
                return "Infinity"
            if o == -inf:
                return "-Infinity"
            return _repr(o)

        # json.encoder's own pure-Python encoder (same signature from 3.8 to 3.13), with Decimal
        # among the floats: a Decimal-bearing result costs about 3x the C encoder's time.
        return encoder._make_iterencode(
            {} if self.check_circular else None,
            self.default,
            encoder.encode_basestring_ascii if self.ensure_ascii else encoder.encode_basestring,
            self.indent,
            floatstr,
            self.key_separator,
            self.item_separator,
            self.sort_keys,
            self.skipkeys,
            _one_shot,
            float=(float, Decimal),
        )(o, 0)


_ENCODER = _Encoder(True)
_DECIMAL_ENCODER = _DecimalEncoder(True)


def _set_ensure_ascii(execution_env):
    """ensure_ascii=False for AWS_Lambda_python3.12 and later, as awslambdaric's Encoder."""
    global _ENCODER, _DECIMAL_ENCODER
    prefix = "AWS_Lambda_python3."
    minor = execution_env[len(prefix):] if execution_env and execution_env.startswith(prefix) else ""
    ensure_ascii = not (minor.isdigit() and int(minor) >= 12)
    _ENCODER = _Encoder(ensure_ascii)
    _DECIMAL_ENCODER = _DecimalEncoder(ensure_ascii)


def to_json(obj):
    try:
        return _ENCODER.encode(obj)
    except _DecimalFound:
        return _DECIMAL_ENCODER.encode(obj)


def _unmarshal_request(body, content_type):
    if content_type is not None and content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise FaultException(
            FaultException.UNMARSHAL_ERROR,
            "Unable to unmarshal input: {}".format(str(e)),
            None,
        )


def _marshal_response(response):
    """(body bytes, content type) of a handler's result."""
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(
            FaultException.MARSHAL_ERROR,
            "Unable to marshal response: {}".format(str(e)),
            None,
        )


# ---------------------------------------------------------------------------- context


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms,
                 invoked_function_arn=None, tenant_id=None):
        environ = os.environ
        self.aws_request_id = invoke_id
        self.log_group_name = environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id

        self.client_context = _make_obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _make_obj_from_dict(Client, self.client_context.client)

        self.identity = _make_obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")

        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        _STDOUT.write(str(msg))

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"aws_request_id={self.aws_request_id},"
            f"log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},"
            f"function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},"
            f"function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},"
            f"client_context={self.client_context},"
            f"identity={self.identity},"
            f"tenant_id={self.tenant_id}"
            "])"
        )


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"cognito_identity_id={self.cognito_identity_id},"
            f"cognito_identity_pool_id={self.cognito_identity_pool_id}"
            "])"
        )


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"installation_id={self.installation_id},"
            f"app_title={self.app_title},"
            f"app_version_name={self.app_version_name},"
            f"app_version_code={self.app_version_code},"
            f"app_package_name={self.app_package_name}"
            "])"
        )


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return f"{self.__class__.__name__}([custom={self.custom},env={self.env},client={self.client}])"


def _make_obj_from_dict(_class, _dict):
    if _dict is None:
        return None
    obj = _class()
    for field in _class.__slots__:
        setattr(obj, field, _dict.get(field, None))
    return obj


def _parse_json_header(header, name):
    try:
        return json.loads(header)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR,
            "Unable to parse {} JSON: {}".format(name, str(e)),
            None,
        )


# ---------------------------------------------------------------------------- logging


class _Unbuffered(object):
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        pass

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


class _LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        msg = self.format(record)
        _STDOUT.write(msg if msg.endswith("\n") else msg + "\n")


class _LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _REQUEST_ID or ""
        record.tenant_id = _TENANT_ID
        return True


_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
    "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread",
    "threadName", "processName", "process", "aws_request_id", "tenant_id", "_frame_type",
}
_encode_log_json = json.JSONEncoder(ensure_ascii=False).encode


class _JsonFormatter(logging.Formatter):
    def __init__(self):
        super().__init__(datefmt=_DATETIME_FORMAT)

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc_info = record.exc_info
        result = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
            "errorType": exc_info[0].__name__ if exc_info else None,
            "errorMessage": str(exc_info[1]) if exc_info else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": f"{record.pathname}:{record.funcName}:{record.lineno}" if record.exc_info else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            result["tenantId"] = record.tenant_id
        result.update(
            (key, value)
            for key, value in record.__dict__.items()
            if key not in _RESERVED_FIELDS and key not in result
        )
        result = {k: v for k, v in result.items() if v is not None}
        return _encode_log_json(result) + "\n"


def _setup_logging(log_json, log_level):
    logging.Formatter.converter = time.gmtime
    logger = logging.getLogger()
    handler = _LambdaLoggerHandler()
    if log_json:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    if log_level in logging._nameToLevel:
        logger.setLevel(log_level)
    handler.addFilter(_LambdaLoggerFilter())
    logger.addHandler(handler)


# ---------------------------------------------------------------------------- Runtime API


def _fatal(message):
    """The platform is gone: nothing to report to, so say why on stderr and exit (user threads or not)."""
    try:
        _STDERR.write("lambda_bootstrap: {}\n".format(message))
        _STDERR.flush()
    finally:
        os._exit(_FATAL_EXIT_CODE)


def _import_socket(task_root):
    """The socket module, without letting it hide a function's own module of that name: on Lambda
    the runtime has not imported it either."""
    saved_path = sys.path[:]
    code_dirs = {os.path.abspath(task_root), os.getcwd()}
    had_socket = "socket" in sys.modules
    sys.path[:] = [p for p in saved_path if p and os.path.abspath(p) not in code_dirs]
    try:
        import socket
    finally:
        sys.path[:] = saved_path
    if not had_socket and (os.path.exists(os.path.join(task_root, "socket.py")) or os.path.isdir(os.path.join(task_root, "socket"))):
        del sys.modules["socket"]
    return socket


class _Response(object):
    """A Runtime API answer: status, headers by lower-case name, body."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class _RuntimeClient(object):
    """One keep-alive connection to the Runtime API, reopened once when the server dropped it."""

    def __init__(self, address, task_root):
        self._socket_module = _import_socket(task_root)
        self._address = address
        host, _, port = address.rpartition(":")
        self._target = (host or "127.0.0.1", int(port or 80))
        self._sock = None
        self._reader = None
        v = sys.version_info
        self._fixed_headers = "Host: {}\r\nUser-Agent: aws-lambda-python/{}.{}.{}-local\r\n".format(address, v.major, v.minor, v.micro)
        self.result_headers = {
            content_type: {"Content-Type": content_type} for content_type in ("application/json", "application/unknown")
        }

    def call(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            try:
                if self._sock is None:
                    self._connect()
                self._send(method, path, body, headers)
                return self._read_response()
            except (OSError, ValueError) as e:
                self._close()
                if attempt == 2:
                    _fatal("lost the Lambda Runtime API at {} ({} {}): {!r}".format(self._address, method, path, e))

    def _connect(self):
        sock = self._socket_module.create_connection(self._target)
        sock.setsockopt(self._socket_module.IPPROTO_TCP, self._socket_module.TCP_NODELAY, 1)
        self._sock = sock
        self._reader = sock.makefile("rb")

    def _close(self):
        for closable in (self._reader, self._sock):
            try:
                if closable is not None:
                    closable.close()
            except OSError:
                pass
        self._sock = self._reader = None

    def _send(self, method, path, body, headers):
        head = "{} {} HTTP/1.1\r\n{}".format(method, path, self._fixed_headers)
        if headers:
            head += "".join("{}: {}\r\n".format(name, value) for name, value in headers.items())
        if body is None:
            self._sock.sendall((head + "\r\n").encode("utf-8"))
            return
        head += "Content-Length: {}\r\n\r\n".format(len(body))
        self._sock.sendall(head.encode("utf-8") + body)

    def _read_response(self):
        reader = self._reader
        status_line = reader.readline(65537)
        if not status_line:
            raise ConnectionResetError("the Runtime API closed the connection")
        status = int(status_line.split(None, 2)[1])
        headers = {}
        while True:
            line = reader.readline(65537)
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise ConnectionResetError("the Runtime API closed the connection mid-response")
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked(reader)
        else:
            body = reader.read(int(headers.get("content-length") or 0))
        if headers.get("connection", "").lower() == "close":
            self._close()
        return _Response(status, headers, body)

    @staticmethod
    def _read_chunked(reader):
        chunks = []
        while True:
            size = int(reader.readline(65537).split(b";", 1)[0], 16)
            if size == 0:
                while reader.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(reader.read(size))
            reader.readline(65537)

    def post_error(self, path, error_result):
        headers = dict(self.result_headers["application/json"])
        headers[_ERROR_TYPE_HEADER] = error_result["errorType"]
        self.post(path, to_json(error_result).encode("utf-8"), headers)

    def post(self, path, body, headers):
        response = self.call("POST", path, body, headers)
        if response.status != 202:
            text = response.body[:1000].decode("utf-8", "replace").replace("\r", " ").replace("\n", " ")
            _STDOUT.write(
                "LAMBDA_WARNING: Request to Lambda Runtime '{}' endpoint failed. Reason: '{}'. "
                "Response body: '{}'\n".format(path, response.status, text)
            )


def _handle_event_request(client, request_handler, invoke_id, headers, body):
    error_result = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        deadline = headers.get("lambda-runtime-deadline-ms")
        context = LambdaContext(
            invoke_id,
            _parse_json_header(client_context, "Client Context") if client_context else None,
            _parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(deadline) if deadline and deadline.isdigit() else 0,
            headers.get("lambda-runtime-invoked-function-arn"),
            _TENANT_ID,
        )
        event = _unmarshal_request(body, headers.get("content-type"))
        result, content_type = _marshal_response(request_handler(event, context))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        error_result = build_fault_result(sys.exc_info(), None, invoke_id)

    path = "/2018-06-01/runtime/invocation/" + invoke_id
    if error_result is not None:
        log_error(error_result)
        client.post_error(path + "/error", error_result)
    else:
        client.post(path + "/response", result, client.result_headers[content_type])


def _serve(client, request_handler):
    global _REQUEST_ID, _TENANT_ID
    environ = os.environ
    while True:
        response = client.call("GET", _NEXT_PATH)
        if response.status != 200:
            _fatal("GET {} answered {} {!r}".format(_NEXT_PATH, response.status, response.body[:1000]))
        headers = response.headers
        invoke_id = headers.get("lambda-runtime-aws-request-id") or ""
        _REQUEST_ID = invoke_id
        _TENANT_ID = headers.get("lambda-runtime-aws-tenant-id") or None
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            environ["_X_AMZN_TRACE_ID"] = trace_id
        elif "_X_AMZN_TRACE_ID" in environ:
            del environ["_X_AMZN_TRACE_ID"]
        _handle_event_request(client, request_handler, invoke_id, headers, response.body)


def main():
    global _LOG_JSON, _STDOUT, _STDERR
    environ = os.environ

    # As on Lambda: the task root first, and this script's own directory not importable. The
    # Runtime API client's modules come from the standard library, before the task root is in.
    script_dir = os.path.dirname(os.path.realpath(__file__))
    if sys.path and os.path.realpath(sys.path[0] or os.curdir) == script_dir:
        del sys.path[0]
    task_root = environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    client = _RuntimeClient(environ.get("AWS_LAMBDA_RUNTIME_API") or "127.0.0.1:9001", task_root)
    sys.path.insert(0, task_root)

    sys.stdout = _STDOUT = _Unbuffered(sys.stdout)
    sys.stderr = _STDERR = _Unbuffered(sys.stderr)

    _LOG_JSON = (environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
    log_level = environ.get("AWS_LAMBDA_LOG_LEVEL")
    log_level = {None: "", "TRACE": "DEBUG"}.get(log_level, log_level).upper()
    _set_ensure_ascii(environ.get("AWS_EXECUTION_ENV"))

    error_result = None
    try:
        _setup_logging(_LOG_JSON, log_level)
        request_handler = _get_handler(sys.argv[1] if len(sys.argv) > 1 else environ.get("_HANDLER", ""))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
    except Exception:
        error_result = build_fault_result(sys.exc_info(), None)

    if error_result is not None:
        logging.warning(_UNHANDLED_EXCEPTION_WARNING)
        log_error(error_result)
        client.post_error(_INIT_ERROR_PATH, error_result)
        sys.exit(1)

    _serve(client, request_handler)


if __name__ == "__main__":
    main()
