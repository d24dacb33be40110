/** A readable reference of the API, rendered on the server from the OpenAPI document itself. */
import type { OpenAPIObject } from 'openapi3-ts/oas31';

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  method: string;
  path: string;
  summary: string;
  tag: string;
  body: string | undefined;
  responses: { status: string; description: string }[];
}

function schemaName(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  const json = Reflect.get(content, 'application/json');
  const schema =
    typeof json === 'object' && json !== null ? Reflect.get(json, 'schema') : undefined;
  const ref =
    typeof schema === 'object' && schema !== null ? Reflect.get(schema, '$ref') : undefined;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method];
      if (operation === undefined) continue;
      const requestBody = operation.requestBody;
      operations.push({
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        tag: operation.tags?.[0] ?? 'Autres',
        body:
          requestBody !== undefined && 'content' in requestBody
            ? schemaName(requestBody.content)
            : undefined,
        responses: Object.entries(operation.responses ?? {}).map(([status, response]) => ({
          status,
          description:
            typeof response === 'object' && response !== null && 'description' in response
              ? String(response.description)
              : '',
        })),
      });
    }
  }
  return operations;
}

export function referencePage(document: OpenAPIObject) {
  const operations = operationsOf(document);
  const tags = [...new Set(operations.map((operation) => operation.tag))];
  return (
    '<!doctype html>' +
    (
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Référence de l’API – Appui</title>
          <style>{`body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}
code{background:#f0f0f0;padding:0 .25rem}section{border-top:1px solid #ddd;padding:.5rem 0}
.method{font-weight:700;display:inline-block;min-width:4rem}`}</style>
        </head>
        <body>
          <main>
            <h1>{document.info.title}</h1>
            <p>{document.info.description}</p>
            <p>
              Document OpenAPI 3.1 : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
            </p>
            {tags.map((tag) => (
              <section>
                <h2>{tag}</h2>
                {operations
                  .filter((operation) => operation.tag === tag)
                  .map((operation) => (
                    <article>
                      <h3>
                        <span class="method">{operation.method}</span> <code>{operation.path}</code>
                      </h3>
                      <p>{operation.summary}</p>
                      {operation.body !== undefined && (
                        <p>
                          Corps : <code>{operation.body}</code>
                        </p>
                      )}
                      <ul>
                        {operation.responses.map((response) => (
                          <li>
                            <code>{response.status}</code> {response.description}
                          </li>
                        ))}
                      </ul>
                    </article>
                  ))}
              </section>
            ))}
          </main>
        </body>
      </html>
    ).toString()
  );
}
