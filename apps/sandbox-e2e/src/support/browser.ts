/** The PSU's browser is shared test support (@fapi/testing); the stories reach it here. */
export { Browser, type Page } from '@fapi/testing';
