// Monaco's worker locations must be set before graphiql (and with it Monaco) is evaluated.
import './monaco-env.js';

import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';

/**
 * The operation shown in the first tab on a first visit (GraphiQL keeps the user's tabs in
 * localStorage afterwards). Adjust here when the schema changes.
 */
const DEFAULT_QUERY = `# Contacts of the last day; window in Variables.
# Run: play button / Ctrl-Enter. Docs: top left.
query RecentContacts(
  $from: DateTimeISO!
  $to: DateTimeISO!
) {
  contacts(
    filter: { from: $from, to: $to }
    first: 10
  ) {
    edges {
      node {
        contactId
        channel
        initiationMethod
        initiationTimestamp
        queue { name }
        agent { username }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Length of the window the default variables cover, ending now. */
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Variables for DEFAULT_QUERY: the last day, ending at the current minute (UTC ISO-8601). */
function defaultVariables() {
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const variables = {
    from: new Date(to - DEFAULT_WINDOW_MS).toISOString(),
    to: new Date(to).toISOString(),
  };
  return JSON.stringify(variables, null, 2);
}

/** Endpoint path; the server rewrites this meta tag when it is mounted below a prefix. */
function graphqlPath() {
  const meta = document.querySelector('meta[name="graphql-path"]');
  return meta?.getAttribute('content') || '/graphql';
}

const httpUrl = new URL(graphqlPath(), window.location.origin);
const wsUrl = new URL(httpUrl);
wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: httpUrl.href,
  // Subscriptions go over graphql-ws on the same path. With subscriptionUrl, the headers of the
  // headers editor (x-api-key, authorization) become the connection_init payload, which is where the
  // server reads a WebSocket's credential (a fixed wsClient would send none: close 4401).
  subscriptionUrl: wsUrl.href,
});

/** True when GraphiQL has no saved tabs yet (first visit, or storage cleared/unavailable). */
function isFirstVisit() {
  try {
    return window.localStorage.getItem('graphiql:tabState') === null;
  } catch {
    return true;
  }
}

const defaultTab = { query: DEFAULT_QUERY, variables: defaultVariables() };

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={[defaultTab]}
    // graphiql 5.4 fills the first tab's variables editor from `initialVariables` only, not from
    // `defaultTabs`. Passing it on later visits would open an extra tab every time, hence the check.
    initialVariables={isFirstVisit() ? defaultTab.variables : undefined}
    defaultEditorToolsVisibility="variables"
  />,
);
