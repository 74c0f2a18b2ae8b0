import * as cheerio from 'cheerio';
import { demonstrableFlows, flowsPage, REFUSED_FLOWS } from './flows-page';

const ISSUER = 'https://localhost:27443';
const DEMONSTRABLE_FLOWS = demonstrableFlows(ISSUER);

describe('the flows page lists every flow the sandbox teaches, with how to run it', () => {
  const $ = cheerio.load(flowsPage('Acme <Budget>', ISSUER).value);

  it('has a section per flow of the table, FAPI profiles and teaching flows alike, each saying how to run it', () => {
    expect($('main#flows section[id^=flow-]').map((_, section) => $(section).attr('id')).get()).toEqual(DEMONSTRABLE_FLOWS.map((flow) => `flow-${flow.id}`));
    for (const flow of DEMONSTRABLE_FLOWS) expect($(`#flow-${flow.id}`).text()).toContain(flow.run);
    expect($('#flow-device').text()).toContain('RFC 8628');
    expect($('#flow-device').text()).toContain(`curl ${ISSUER}/device/auth`); // this sandbox's AS, not a default one
  });

  it('lists the flows refused on purpose with the error each is answered', () => {
    expect($('#refused-flows li').map((_, item) => $(item).find('code').last().text()).get()).toEqual(REFUSED_FLOWS.map((flow) => flow.error));
    expect($('#refused-password').text()).toContain('grant_type=password');
  });

  it('is a page of the fintech without a journey step nor script', () => {
    expect($('.brand-name').text()).toBe('Acme <Budget>');
    expect($('#journey-step')).toHaveLength(0);
    expect($('script')).toHaveLength(0);
  });
});
