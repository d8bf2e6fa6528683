%% The Erlang/OTP reference echo server of bench/compare, written the way an
%% Erlang engineer writes one: a listen socket, K acceptor processes, one
%% process per connection (the acceptor that accepted it becomes its
%% handler and spawns its own replacement, so no controlling_process hop),
%% binary mode, the packet type and {active, ...} mode given on the command
%% line, packet_size from --max-packet, exit_on_close false so that the
%% echoes of what came before a peer's FIN still go out, nodelay and a
%% user-level buffer as large as the socket's (see serve/2).
%%
%% It honours the otpnet samples' command-line contract (see usage/1):
%%   [--host ADDR] [--port N] [--packet raw|1|2|4|line]
%%   [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]
%% Started by run.sh: erl -noshell ... -s echo main -extra PROGRAM ARGS...
%% SIGTERM: a handler on erl_signal_server halts with status 0 at once
%% (OTP's default handler calls init:stop(), which takes a second).
-module(echo).
-behaviour(gen_event).
-export([main/0]).
-export([init/1, handle_event/2, handle_call/2]).

-define(MAX_ACCEPTORS, 1024).
-define(MAX_PACKET, 2147483647).

main() ->
    {Program, Args} = case init:get_plain_arguments() of
                          [P | As] -> {P, As};
                          [] -> {"erlang_echo", []}
                      end,
    case parse(Args, defaults()) of
        help ->
            io:put_chars(usage(Program)),
            halt(0);
        {error, What} ->
            io:put_chars(standard_error,
                         [Program, ": ", What, "; try --help\n"]),
            halt(2);
        {ok, Cfg} ->
            ok = gen_event:add_handler(erl_signal_server, ?MODULE, []),
            serve(Program, Cfg)
    end.

%% --- SIGTERM (a gen_event handler of erl_signal_server) -----------------

init([]) -> {ok, nostate}.

handle_event(sigterm, _State) -> erlang:halt(0);
handle_event(_Signal, State) -> {ok, State}.

handle_call(_Request, State) -> {ok, ok, State}.

defaults() ->
    #{host => "127.0.0.1", ip => {127, 0, 0, 1}, port => 0, packet => raw,
      active => once, acceptors => 1, max_packet => 0}.

%% --- the server --------------------------------------------------------

serve(Program, #{ip := Ip, port := Port, packet := Packet,
                 acceptors := K, max_packet := Max} = Cfg) ->
    %% nodelay: a request/response protocol; otherwise Nagle holds the last
    %% piece of an echo until the peer's delayed ACK (40 ms). buffer: the
    %% inet docs recommend buffer >= recbuf; the default (1460 bytes) cuts a
    %% 16 KiB echo into a dozen messages and sends.
    Opts = [binary, {packet, Packet}, {active, false}, {reuseaddr, true},
            {backlog, 1024}, {exit_on_close, false}, {nodelay, true},
            {buffer, 65536}, {ip, Ip}]
        ++ [inet6 || tuple_size(Ip) =:= 8]
        ++ [{packet_size, Max} || Max > 0],
    case gen_tcp:listen(Port, Opts) of
        {ok, L} ->
            {ok, Bound} = inet:port(L),
            [spawn(fun() -> acceptor(L, Cfg) end) || _ <- lists:seq(1, K)],
            io:format("listening ~B~n", [Bound]),
            %% This process owns the listen socket: it stays until init:stop.
            receive after infinity -> ok end;
        {error, Reason} ->
            io:format(standard_error, "~s: cannot listen on ~s port ~B: ~s~n",
                      [Program, maps:get(host, Cfg), Port,
                       inet:format_error(Reason)]),
            halt(1)
    end.

acceptor(L, Cfg) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            spawn(fun() -> acceptor(L, Cfg) end),
            handle(S, maps:get(active, Cfg));
        {error, closed} ->
            ok;
        {error, _} ->  % e.g. emfile: try again shortly rather than spin
            timer:sleep(10),
            acceptor(L, Cfg)
    end.

handle(S, false) ->
    passive_loop(S);
handle(S, Active) ->
    ok = inet:setopts(S, [{active, Active}]),
    active_loop(S, Active).

%% {active, false}: one gen_tcp:recv per packet.
passive_loop(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Data} ->
            case gen_tcp:send(S, Data) of
                ok -> passive_loop(S);
                {error, _} -> gen_tcp:close(S)
            end;
        {error, _} ->  % closed (the peer's FIN), emsgsize, ...
            gen_tcp:close(S)
    end.

%% {active, true | once | N}. gen_tcp:send blocks while the port is busy,
%% so with once or N the socket is not read while the peer does not read.
active_loop(S, Active) ->
    receive
        {tcp, S, Data} ->
            case gen_tcp:send(S, Data) of
                ok when Active =:= once ->
                    ok = inet:setopts(S, [{active, once}]),
                    active_loop(S, Active);
                ok ->
                    active_loop(S, Active);
                {error, _} ->
                    gen_tcp:close(S)
            end;
        {tcp_passive, S} ->
            %% Adding N =< 0 would leave the socket passive for good, so such
            %% an N only decides the start and 1 re-arms it (as the samples).
            ok = inet:setopts(S, [{active, rearm(Active)}]),
            active_loop(S, Active);
        {tcp_closed, S} ->
            gen_tcp:close(S);
        {tcp_error, S, _Reason} ->
            gen_tcp:close(S)
    end.

rearm(N) when is_integer(N), N > 0 -> N;
rearm(N) when is_integer(N) -> 1;
rearm(Other) -> Other.

%% --- the command line --------------------------------------------------

parse([], Cfg) ->
    {ok, Cfg};
parse([Help | _], _) when Help =:= "--help"; Help =:= "-h" ->
    help;
parse(["--" ++ _ = Arg | Rest], Cfg) ->
    case string:split(Arg, "=") of
        [Flag, Value] ->
            flag(Flag, Value, Rest, Cfg);
        [Flag] ->
            case {known(Flag), Rest} of
                {false, _} -> {error, ["unknown flag '", Flag, "'"]};
                {true, [Value | Rest1]} -> flag(Flag, Value, Rest1, Cfg);
                {true, []} -> {error, ["missing value for ", Flag]}
            end
    end;
parse([Arg | _], _) ->
    {error, ["unexpected argument '", Arg, "'"]}.

known(Flag) ->
    lists:member(Flag, ["--host", "--port", "--packet", "--active",
                        "--acceptors", "--max-packet"]).

flag(Flag, Value, Rest, Cfg) ->
    case value(Flag, Value) of
        {ok, Updates} -> parse(Rest, maps:merge(Cfg, Updates));
        error -> {error, ["invalid ", Flag, " '", Value, "'"]};
        unknown -> {error, ["unknown flag '", Flag, "'"]}
    end.

value("--host", V) ->
    case inet:parse_address(V) of
        {ok, Ip} -> {ok, #{host => V, ip => Ip}};
        {error, _} -> error
    end;
value("--port", V) ->
    int(V, 0, 65535, port);
value("--packet", V) ->
    case V of
        "raw" -> {ok, #{packet => raw}};
        "0" -> {ok, #{packet => raw}};
        "1" -> {ok, #{packet => 1}};
        "2" -> {ok, #{packet => 2}};
        "4" -> {ok, #{packet => 4}};
        "line" -> {ok, #{packet => line}};
        _ -> error
    end;
value("--active", V) ->
    case V of
        "true" -> {ok, #{active => true}};
        "false" -> {ok, #{active => false}};
        "once" -> {ok, #{active => once}};
        _ -> int(V, -32768, 32767, active)
    end;
value("--acceptors", V) ->
    int(V, 1, ?MAX_ACCEPTORS, acceptors);
value("--max-packet", V) ->
    int(V, 0, ?MAX_PACKET, max_packet);
value(_, _) ->
    unknown.

int(V, Lo, Hi, Key) ->
    case string:to_integer(V) of
        {N, []} when N >= Lo, N =< Hi -> {ok, #{Key => N}};
        _ -> error
    end.

usage(Program) ->
    [Program, " [--host ADDR] [--port N] [--packet raw|1|2|4|line]\n"
     "       [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]\n"
     "\n"
     "The Erlang/OTP reference echo server of bench/compare: gen_tcp, one\n"
     "process per connection, binary mode.\n"
     "\n"
     "  --host ADDR        address to listen on (default 127.0.0.1)\n"
     "  --port N           port, 0 = ephemeral (default 0)\n"
     "  --packet P         {packet, P}: raw (default), 1, 2, 4 or line; every\n"
     "                     packet is echoed with the same framing\n"
     "  --active A         the connections' {active, A}: true, false (gen_tcp:recv),\n"
     "                     once (default) or N (re-armed with N on tcp_passive;\n"
     "                     N =< 0 only decides the start, 1 re-arms)\n"
     "  --acceptors K      acceptor processes (default 1)\n"
     "  --max-packet B     {packet_size, B}; 0 = no limit (default)\n"
     "\n"
     "Prints \"listening PORT\" once it accepts. SIGTERM or SIGINT: exit 0.\n"
     "A bad flag: one line on stderr, exit 2.\n"].
