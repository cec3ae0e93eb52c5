const GENERAL = `flow-sms: run Send SMS flows, process inbound SMS and serve Twilio webhooks.

Usage: flow-sms <command> [options]

Commands:
  run FLOW.json      Run a flow file with the reference runner
  inbound            Process one inbound SMS as the webhook would, and print the reply
  serve              Start the Twilio webhook server (inbound SMS and status callbacks)
  log                Show recent messages with their status

Run "flow-sms <command> --help" for a command's options.

Without TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN set, messages go to the embedded sandbox and
nothing leaves this machine. With them, messages go to Twilio (or to the Twilio-compatible server
FLOW_SMS_TWILIO_API_URL names). Data (opt-outs, message log) lives in .flow-sms/ under the current
directory unless --data-dir says otherwise.

Exit codes: 0 success, 1 a send failed, 2 bad input.
`;

const RUN = `Usage: flow-sms run FLOW.json [options]

Runs a flow saved as React Flow JSON ({ nodes, edges, templates, senders }): starts at the node of
type "start", follows edges by source handle, sends at each "sendSms" node, sets variables at each
"setVariables" node, and stops at an "end" node.

Options:
  --vars FILE          JSON object of variables the flow starts with ({"first_name": "Ana"})
  --env NAME           sandbox | pre-release | live (default: the flow's "environment", else sandbox);
                       pre-release and live need Twilio credentials
  --caller NUMBER      The caller's number (call.caller_number), the default recipient
  --country CODE       Read numbers written without a country code (--caller, recipients in
                       variables) as dialled in this country: US, GB, DE, ...
  --consent yes|no     How the caller answers consent questions (default: yes)
  --data-dir DIR       Where the store lives (default: .flow-sms)
  --run-id ID          Run id (default: a new one); running the same id again sends nothing twice
  --max-steps N        Stop a looping flow after N steps (default: 200)
  --json               Print { runId, steps } as JSON instead of the readable trace
  -h, --help           Show this help

Exit codes: 0 every step succeeded, 1 a Send SMS step ended "failed", 2 bad input.
`;

const INBOUND = `Usage: flow-sms inbound --from NUMBER --to NUMBER --body TEXT [options]

Processes one inbound SMS exactly as the webhook does (STOP/START/HELP, opt-outs, dropping
messages from opted-out senders, duplicates) and prints the reply that would be sent.

Options:
  --from NUMBER        Who sent it (the recipient of your messages), E.164
  --to NUMBER          The number (or Messaging Service SID) it was sent to; a number that sent
                       for a Messaging Service covers the service too, as Twilio's webhook says
  --body TEXT          The message text
  --sid SID            The MessageSid (default: a new one); repeating one shows duplicate handling
  --env NAME           sandbox | pre-release | live (default: sandbox): whose opt-out list changes
  --data-dir DIR       Where the store lives (default: .flow-sms)
  --json               Print { action, keyword?, reply } as JSON
  -h, --help           Show this help
`;

const SERVE = `Usage: flow-sms serve [options]

Starts the webhook server:
  POST /webhooks/twilio/inbound   set as "A message comes in" on your Twilio number
  POST /webhooks/twilio/status    status callbacks (the executor asks for them when
                                  FLOW_SMS_PUBLIC_URL or statusCallbackBaseUrl is set)

Every request must carry a valid X-Twilio-Signature for the public URL, so TWILIO_AUTH_TOKEN
must be set.

Options:
  --port N             Port to listen on (default: 8787)
  --host HOST          Interface to listen on (default: 127.0.0.1)
  --public-url URL     The URL Twilio reaches this server at, exactly as entered in the Twilio
                       Console (default: $FLOW_SMS_PUBLIC_URL, else http://HOST:PORT)
  --env NAME           sandbox | pre-release | live (default: live): whose opt-out list STOP changes
  --data-dir DIR       Where the store lives (default: .flow-sms)
  -h, --help           Show this help
`;

const LOG = `Usage: flow-sms log [options]

Shows the most recent messages, newest first, with their delivery status.

Options:
  --limit N            How many (default: 20, at most 10000)
  --env NAME           Only this environment
  --data-dir DIR       Where the store lives (default: .flow-sms)
  --json               Print the messages as JSON
  -h, --help           Show this help
`;

export const HELP = { general: GENERAL, run: RUN, inbound: INBOUND, serve: SERVE, log: LOG } as const;
