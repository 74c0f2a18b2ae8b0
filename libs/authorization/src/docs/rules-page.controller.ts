import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { REFUSAL_CATALOGUE } from '@fapi/refusal-catalogue';
import { pageHeaders } from '@fapi/web-pages';
import { rulesPage, RULES_JSON_PATH, RULES_PAGE_PATH } from './rules-page';

/** Publishes the catalogue of refusal rules, so a TPP looks up the rule a refusal names (HTML for people, JSON for tools). */
@Controller()
export class RulesPageController {
  @Get(RULES_PAGE_PATH)
  page(@Res() res: ServerResponse): void {
    for (const [name, value] of Object.entries(pageHeaders())) res.setHeader(name, value);
    res.end(rulesPage().value);
  }

  @Get(RULES_JSON_PATH)
  json(@Res() res: ServerResponse): void {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify({ sections: REFUSAL_CATALOGUE }));
  }
}
