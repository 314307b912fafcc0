/**
 * Turns the template's routes into router paths: `{id}` → `:id`, a trailing greedy `{proxy+}` →
 * `*` (the router then prefers exact over parameterised over greedy, as API Gateway does), and
 * the HTTP API `$default` route → a catch-all. Routes of every API share one table; a second
 * route with the same path and method is reported, not registered.
 */
import type { RouteDef } from '../template/model.js';

export const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

export interface RoutePath {
  /** Path for the router (`/tasks/:id`, `/files/*`). */
  routerPath: string;
  /** Name of the greedy parameter (`proxy` for `{proxy+}`), if any. */
  greedyName: string | undefined;
  /** True for the HTTP API `$default` route. */
  isDefault: boolean;
}

/** Converts a template path to a router path. */
export function toRoutePath(templatePath: string): RoutePath {
  if (templatePath === '$default' || templatePath === '/$default') return { routerPath: '/*', greedyName: undefined, isDefault: true };
  let greedyName: string | undefined;
  const segments = templatePath.split('/').map((segment, index, all) => {
    const greedy = /^\{([^}]+)\+\}$/.exec(segment);
    if (greedy) {
      if (index !== all.length - 1) throw new Error(`greedy parameter must be the last segment: ${templatePath}`);
      greedyName = greedy[1];
      return '*';
    }
    const param = /^\{([^}]+)\}$/.exec(segment);
    if (param) return `:${param[1]}`;
    // A literal `:` would start a router parameter; the router escapes it as `::`.
    return segment.replace(/:/g, '::');
  });
  const routerPath = segments.join('/') || '/';
  return { routerPath: routerPath.startsWith('/') ? routerPath : `/${routerPath}`, greedyName, isDefault: false };
}

/** Methods a route answers (`ANY` → every method). */
export function routeMethods(route: RouteDef): string[] {
  const method = route.method.toUpperCase();
  return method === 'ANY' || method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? [...HTTP_METHODS] : [method];
}

/** Path parameters of a match, greedy wildcard renamed; null when there are none. */
export function toPathParameters(params: Record<string, string | undefined>, path: RoutePath): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    if (key === '*') {
      if (path.isDefault || path.greedyName === undefined) continue;
      (out ??= {})[path.greedyName] = value;
    } else {
      (out ??= {})[key] = value;
    }
  }
  return out;
}
