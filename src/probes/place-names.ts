/**
 * Countries, continents and US states: names that are places whatever the question asks
 * ("who won ..." -> "Pakistan" names a team, but as a substitute it is a place).
 */
const PLACES = new Set(
  [
    'africa asia europe antarctica australia oceania america north-america south-america',
    'afghanistan albania algeria andorra angola argentina armenia austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina-faso burundi cambodia cameroon canada chad chile china colombia comoros congo costa-rica croatia cuba cyprus czech-republic czechia denmark djibouti dominica dominican-republic ecuador egypt el-salvador england eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati korea south-korea north-korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland new-zealand nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa san-marino saudi-arabia scotland senegal serbia seychelles sierra-leone singapore slovakia slovenia somalia south-africa spain sri-lanka sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad tunisia turkey turkmenistan tuvalu uganda ukraine united-kingdom uk united-states usa us uruguay uzbekistan vanuatu vatican venezuela vietnam wales yemen zambia zimbabwe',
    'new-south-wales queensland tasmania ontario quebec alberta manitoba saskatchewan nova-scotia newfoundland british-columbia yukon',
    'yugoslavia soviet-union ussr prussia persia czechoslovakia east-germany west-germany rhodesia ceylon siam zaire bohemia',
    'alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada new-hampshire new-jersey new-mexico new-york north-carolina north-dakota ohio oklahoma oregon pennsylvania rhode-island south-carolina south-dakota tennessee texas utah vermont virginia washington west-virginia wisconsin wyoming',
  ]
    .join(' ')
    .split(' ')
    .map((name) => name.replaceAll('-', ' ')),
);

/** True when the text is a country, continent or US state, or "<place>, <place>" of them ("Tulsa, Oklahoma" counts by its state). */
export function isPlaceName(text: string): boolean {
  const folded = text.toLowerCase().replace(/^the /u, '').replace(/[.]+$/u, '').trim();
  if (PLACES.has(folded)) return true;
  if (folded.includes('-') && folded.split('-').every((part) => PLACES.has(part))) return true;
  const last = folded.split(/,\s*/u).at(-1);
  return folded.includes(',') && last !== undefined && PLACES.has(last);
}
