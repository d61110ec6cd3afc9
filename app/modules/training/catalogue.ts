// The certificate catalogue (证书目录) is reference data read by org (post requirements) and training
// (certificates): it lives in app/modules/reference/catalogue.ts. This re-export stays for the landed
// migration 20261130140000_certificate_catalogue.ts, which imports it here and may never change.
export * from '../reference/catalogue'
