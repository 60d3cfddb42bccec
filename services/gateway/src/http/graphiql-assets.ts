import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as GraphiQLBundle from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL without the internet (development only): Yoga's default page loads its scripts from a
 * public CDN, and stays blank where there is no connection, as in many communes. The page below is
 * Yoga's own (@graphql-yoga/render-graphiql, pinned to Yoga's version), with its bundled script,
 * style and Monaco workers served by the gateway under ASSET_PREFIX instead of inlined, so that a
 * browser caches the 9 MB once.
 */
export const GRAPHIQL_VERSION = '5.24.1';
export const ASSET_PREFIX = `/graphiql/${GRAPHIQL_VERSION}/`;

type Bundle = typeof GraphiQLBundle;

const ASSETS: Record<string, { type: string; pick: (b: Bundle) => string }> = {
  'graphiql.js': { type: 'text/javascript', pick: (b) => b.js },
  'graphiql.css': { type: 'text/css', pick: (b) => b.css },
  'editor.worker.js': { type: 'text/javascript', pick: (b) => b.editorWorkerService },
  'json.worker.js': { type: 'text/javascript', pick: (b) => b.jsonWorker },
  'graphql.worker.js': { type: 'text/javascript', pick: (b) => b.graphqlWorker },
};

/** Monaco asks for a worker by label; each is one of the assets above. */
const WORKERS = {
  editorWorkerService: 'editor.worker.js',
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

/** `JSON.stringify` made safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Yoga's `renderGraphiQL` option: its page, every asset on this gateway. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const workers = Object.fromEntries(
    Object.entries(WORKERS).map(([label, file]) => [label, `${ASSET_PREFIX}${file}`]),
  );
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>PCN GraphiQL</title>
    <link rel="stylesheet" href="${ASSET_PREFIX}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self['MonacoEnvironment'] = {
        globalAPI: false,
        getWorkerUrl: function (moduleId, label) {
          return workers[label];
        },
      };
    </script>
    <script src="${ASSET_PREFIX}graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** Serves the assets the page names; the 9 MB bundle is loaded on the first request only. */
export function createGraphiQLAssets() {
  let bundle: Promise<Bundle> | undefined;
  return {
    handles: (path: string) => path.startsWith('/graphiql/'),
    async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      req.resume();
      const asset = path.startsWith(ASSET_PREFIX)
        ? ASSETS[path.slice(ASSET_PREFIX.length)]
        : undefined;
      if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(asset ? 405 : 404, asset ? { allow: 'GET, HEAD' } : {});
        return void res.end();
      }
      bundle ??= import('@graphql-yoga/render-graphiql/graphiql');
      const body = asset.pick(await bundle);
      res.writeHead(200, {
        'content-type': `${asset.type}; charset=utf-8`,
        'content-length': Buffer.byteLength(body),
        // The version is in the path: a new one is a new URL.
        'cache-control': 'public, max-age=31536000, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
