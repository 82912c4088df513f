/**
 * The edge of the public pages (`public` routes): no token, the path parameters read with the route's schema,
 * a small French HTML page as the answer. No script, nothing loaded from elsewhere, never cached or indexed,
 * and no referrer (the code is in the URL).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logger } from '../powertools.ts';
import type { RouteSpec } from '../routes.ts';
import type { ApiEvent, ApiResult } from './edge.ts';

export interface HtmlPage {
  statusCode: number;
  title: string;
  /** The page's content, already escaped (`escapeHtml` for anything that came from data). */
  content: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? '');

const STYLE =
  'body{font-family:Marianne,Arial,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#161616;line-height:1.5}' +
  'h1{font-size:1.4rem}.exercise{font-weight:700;color:#b34000}' +
  'button{font:inherit;font-weight:700;background:#000091;color:#fff;border:0;padding:.9rem 1.5rem;cursor:pointer}';

export const htmlResult = ({ statusCode, title, content }: HtmlPage): ApiResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  },
  body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${content}</body></html>`,
});

const FAILURE: HtmlPage = {
  statusCode: 500,
  title: 'Erreur interne',
  content:
    '<p>La page n’a pas pu être traitée. Réessayez dans un instant ; si l’erreur persiste, prévenez l’astreinte de la préfecture par téléphone.</p>',
};

/**
 * Builds the handler of a public page: its path parameters parsed (a value the schema refuses is given to
 * `run` as undefined: the page says the link is unknown), the page rendered, any unexpected error a 500 page.
 */
export const pageHandler = <Spec extends RouteSpec & { request: { params: z.ZodMiniType } }>(
  spec: Spec,
  run: (params: z.output<Spec['request']['params']> | undefined) => Promise<HtmlPage>,
) =>
  middy<ApiEvent, ApiResult>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      try {
        const parsed = spec.request.params.safeParse(event.pathParameters ?? {});
        return htmlResult(
          await run(parsed.success ? (parsed.data as z.output<Spec['request']['params']>) : undefined),
        );
      } catch (error) {
        logger.error('Unexpected error', { error: error as Error });
        return htmlResult(FAILURE);
      }
    });
