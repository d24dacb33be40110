/**
 * The API's OpenAPI document, generated at build time for the api bundle (build-bundle.ts writes
 * it beside the code as `openapi.json`), so the function never walks its routes' schemas to
 * build it. It is the document the app itself answers, from an app built with inert
 * dependencies: generating it reads the routes' definitions, never calls them.
 *
 * Run as a script, it prints the document: the build takes it from a child process, so that
 * neither the CDK app nor the benchmark loads the API to build it.
 */
import { createApi, openApiDocumentOf } from '../functions/api/app.ts';
import { makeDocumentClient } from '../shared/data/client.ts';
import { makeTableIdentityProvisioner } from '../shared/identity/provisioner.ts';
import { defaultSettings } from '../shared/use-case.ts';

/** The document as `/api/v1/openapi.json` answers it, generated in this process. */
export function generateOpenApiDocument(): string {
  const db = makeDocumentClient({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9' });
  try {
    return openApiDocumentOf(
      createApi({
        db,
        tableName: 'appui-openapi',
        now: () => new Date(),
        verifier: { verify: () => Promise.reject(new Error('no token at build time')) },
        settings: defaultSettings,
        provisioner: makeTableIdentityProvisioner(),
        mailer: { send: () => Promise.reject(new Error('no mail at build time')) },
      }),
    );
  } finally {
    db.destroy();
  }
}

if (import.meta.main) process.stdout.write(generateOpenApiDocument());
